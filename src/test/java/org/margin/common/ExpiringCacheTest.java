package org.margin.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

    final AtomicLong now = new AtomicLong();
    final ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ofSeconds(5), 3, now::get);
    final AtomicInteger loads = new AtomicInteger();

    Optional<String> load(String value) {
        loads.incrementAndGet();
        return Optional.ofNullable(value);
    }

    @Test
    void aFoundValueIsKeptUntilItsTimeIsUp() {
        assertThat(cache.get("k", () -> load("v1"))).contains("v1");
        now.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(cache.get("k", () -> load("v2"))).contains("v1");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.get("k", () -> load("v2"))).contains("v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void nothingIsKeptForAKeyThatWasNotFound() {
        assertThat(cache.get("k", () -> load(null))).isEmpty();
        assertThat(cache.get("k", () -> load("v"))).contains("v");
        assertThat(loads).hasValue(2);
    }

    @Test
    void anEvictionIsFinalAtOnce() {
        cache.get("k", () -> load("old"));
        cache.evict("k");
        assertThat(cache.get("k", () -> load("new"))).contains("new");
        assertThat(cache.get("k", () -> load("newer"))).contains("new");
    }

    @Test
    void aLoadUnderWayWhenAnEvictionComesKeepsNothing() {
        // The load reads the old value, then the store changes and the change evicts, then the load returns.
        assertThat(cache.get("k", () -> {
            Optional<String> read = load("old");
            cache.evict("k");
            return read;
        })).contains("old");
        assertThat(cache.get("k", () -> load("new"))).contains("new");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aFullCacheStartsAfresh() {
        for (String key : new String[] {"a", "b", "c", "d"}) {
            cache.get(key, () -> load(key));
        }
        cache.get("d", () -> load("d2"));
        cache.get("a", () -> load("a2"));
        assertThat(cache.get("a", () -> load("a3"))).contains("a2");
        assertThat(loads).hasValue(5);
    }

    @Test
    void aZeroTimeToLiveKeepsNothing() {
        ExpiringCache<String, String> off = new ExpiringCache<>(Duration.ZERO, 3, now::get);
        off.get("k", () -> load("v1"));
        assertThat(off.get("k", () -> load("v2"))).contains("v2");
        assertThat(loads).hasValue(2);
    }
}
