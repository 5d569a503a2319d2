package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The event-store settings as Spring binds them from configuration. */
class StoragePropertiesTest {

    static StorageProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("margin", StorageProperties.class);
    }

    @Test
    void theEventStoreSettingsDefaultToAShortPollAndAMinuteForGaps() {
        StorageProperties props = bind(Map.of());
        assertThat(props.events().pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(props.events().gapTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(props.events().tailPace()).isEqualTo(Duration.ofMillis(20));
        assertThat(bind(Map.of("margin.events.tail-pace", "0ms")).events().tailPace()).isZero();
        assertThat(bind(Map.of("margin.events.poll-interval", "1s")).events().pollInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aZeroOrNegativeDurationStopsStartUpWithTheSettingsName() {
        assertThatThrownBy(() -> bind(Map.of("margin.events.poll-interval", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("margin.events.poll-interval");
        assertThatThrownBy(() -> bind(Map.of("margin.events.gap-timeout", "-5s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("margin.events.gap-timeout");
    }

    @Test
    void aTailPaceBeyondThePollIntervalOrNegativeStopsStartUp() {
        assertThatThrownBy(() -> bind(Map.of("margin.events.tail-pace", "300ms")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("margin.events.tail-pace");
        assertThatThrownBy(() -> bind(Map.of("margin.events.tail-pace", "-1ms")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("margin.events.tail-pace");
    }
}
