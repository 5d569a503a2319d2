package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order of a command's end: its unit of work commits, the store flushes, then listeners hear of it. */
class DurableCommandsTest {

    final List<String> steps = new CopyOnWriteArrayList<>();
    final SimpleEventBus events = SimpleEventBus.builder().build();
    final SimpleCommandBus commands = SimpleCommandBus.builder().build();

    final MongoEndpoint endpoint = new MongoEndpoint() {
        @Override
        public String connectionString() {
            return "mongodb://unused";
        }

        @Override
        public boolean embedded() {
            return true;
        }

        @Override
        public void flush() {
            steps.add("flush");
        }
    };

    final InFlightEvents inFlight = new InFlightEvents();

    void install(CommittedEvents... listeners) {
        DurableCommands durable = new DurableCommands(endpoint, List.of(listeners), inFlight);
        durable.attachTo(commands, events);
        commands.subscribe(String.class.getName(), command -> {
            events.publish(GenericEventMessage.asEventMessage("first"), GenericEventMessage.asEventMessage("second"));
            steps.add("handled");
            if ("fail".equals(command.getPayload())) {
                throw new IllegalStateException("rejected");
            }
            return "ok";
        });
        // subscribed after DurableCommands, as a store would be: hears of events as they are appended
        events.subscribe(appended -> appended.stream().filter(DomainEventMessage.class::isInstance)
                .forEach(e -> steps.add("pending while stored: " + inFlight.pending("d1", 0))));
        // a command on a document: its events are domain events, published with their revisions
        commands.subscribe(Integer.class.getName(), command -> {
            events.publish(new GenericDomainEventMessage<>("Doc", "d1", 0, "registered"));
            if ((Integer) command.getPayload() < 0) {
                throw new IllegalStateException("rejected");
            }
            return "ok";
        });
    }

    CommittedEvents recording(String name) {
        return stored -> steps.add(name + stored.stream().map(EventMessage::getPayload).toList());
    }

    Object send(Object payload) throws Exception {
        CompletableFuture<CommandResultMessage<?>> result = new CompletableFuture<>();
        commands.dispatch(GenericCommandMessage.asCommandMessage(payload),
                (command, answer) -> result.complete(answer));
        CommandResultMessage<?> answer = result.get(5, TimeUnit.SECONDS);
        if (answer.isExceptional()) {
            throw new ExecutionException(answer.exceptionResult());
        }
        return answer.getPayload();
    }

    @BeforeEach
    void clear() {
        steps.clear();
    }

    @Test
    void listenersHearOfACommandsEventsOnlyAfterTheStoreIsFlushed() throws Exception {
        install(recording("a"), recording("b"));

        assertThat(send("x")).isEqualTo("ok");

        assertThat(steps).containsExactly("handled", "flush", "a[first, second]", "b[first, second]");
    }

    @Test
    void aFailingListenerNeitherFailsTheCommandNorSilencesTheOthers() throws Exception {
        install(stored -> {
            throw new IllegalStateException("listener broke");
        }, recording("b"));

        assertThat(send("x")).isEqualTo("ok");

        assertThat(steps).containsExactly("handled", "flush", "b[first, second]");
    }

    @Test
    void aRejectedCommandIsNotFlushedAndListenersHearNothing() throws Exception {
        install(recording("a"));

        assertThatThrownBy(() -> send("fail")).hasRootCauseMessage("rejected");

        assertThat(steps).containsExactly("handled");
    }

    @Test
    void eachCommandHandsOnOnlyItsOwnEvents() throws Exception {
        install(recording("a"));

        send("x");
        send("y");

        assertThat(steps).containsExactly("handled", "flush", "a[first, second]", "handled", "flush", "a[first, second]");
    }

    @Test
    void aCommandsEventsArePendingFromBeforeTheyAreStoredUntilItsListenersHaveHeard() throws Exception {
        install(stored -> steps.add("pending while told: " + inFlight.pending("d1", 0)));

        assertThat(send(1)).isEqualTo("ok");

        assertThat(steps).containsExactly("pending while stored: true", "flush", "pending while told: true");
        assertThat(inFlight.pending("d1", 0)).as("after the command").isFalse();
    }

    @Test
    void aRejectedCommandLeavesNothingPending() throws Exception {
        install(recording("a"));

        assertThatThrownBy(() -> send(-1)).hasRootCauseMessage("rejected");

        assertThat(steps).as("rolled back before it was stored").isEmpty();
        assertThat(inFlight.pending("d1", 0)).isFalse();
    }
}
