package org.margin.demo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.margin.group.Groups;
import org.margin.storage.MongoEndpoint;

/**
 * A stop in the first seconds after start-up closes the command bus while the demo is being made: the demo
 * stops at the command that failed, and the start-up's run does not fail with it.
 */
class DemoInterruptedTest {

    @Test
    void aCommandBusClosedUnderTheDemoStopsTheDemoNotTheRun() {
        Groups groups = mock(Groups.class);
        when(groups.isEmpty()).thenReturn(true);
        MongoEndpoint endpoint = mock(MongoEndpoint.class);
        when(endpoint.embedded()).thenReturn(true);
        EventStore eventStore = mock(EventStore.class);   // an empty store: its head token is null
        CommandGateway closed = mock(CommandGateway.class);
        when(closed.sendAndWait(any())).thenThrow(new NoHandlerForCommandException("No handler was subscribed"));

        DemoBootstrap demo = new DemoBootstrap(groups, closed, endpoint, eventStore,
                mock(EventProcessingConfiguration.class), true, Duration.ofSeconds(1));

        assertThatCode(() -> demo.run(null)).doesNotThrowAnyException();
        verify(closed, times(1)).sendAndWait(any());
    }
}
