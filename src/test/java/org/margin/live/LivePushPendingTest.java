package org.margin.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.AnnotationResolved;
import org.margin.document.api.DocumentEvent;
import org.margin.document.query.DocumentStream;
import org.margin.document.query.RecordedEvent;
import org.margin.integrity.EventStamp;
import org.margin.support.PassThroughConverter;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.ExecutorSubscribableChannel;

/**
 * {@link LivePush} pushes only durable events: the processor's path leaves an event this node's command
 * has not finished with to that command, which pushes it once durable; the processor pushes the rest,
 * and neither path pushes a revision twice.
 */
class LivePushPendingTest {

    private static final String DOC = "doc-1";

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final LivePush push = new LivePush(template(), new DocumentStream(eventStore), new LiveSessions(),
            (id, revision) -> DOC.equals(id) && pending.contains(revision));

    @AfterEach
    void stop() {
        eventStore.shutDown();
    }

    @Test
    void theProcessorLeavesAPendingEventToTheCommandThatStoredIt() {
        DomainEventMessage<?> added = store(0, added(), null);
        DomainEventMessage<?> resolved = store(1, new AnnotationResolved(DOC, "a1"), hashOf(added));

        fromProcessor(added);
        pending.add(1L);
        fromProcessor(resolved);
        assertThat(calls).as("revision 1 is not durable yet").containsExactly("send 0");

        push.committed(List.of(resolved));
        pending.remove(1L);
        fromProcessor(resolved);

        assertThat(calls).containsExactly("send 0", "send 1");
    }

    @Test
    void aCommandsOwnEventsArePushedOnceAndTheProcessorDropsThem() {
        DomainEventMessage<?> added = store(0, added(), null);
        DomainEventMessage<?> resolved = store(1, new AnnotationResolved(DOC, "a1"), hashOf(added));

        push.committed(List.of(added, resolved));
        fromProcessor(added);
        fromProcessor(resolved);

        assertThat(calls).containsExactly("send 0", "send 1");
    }

    @Test
    void aRevisionTheCommandPathMissedIsReadFromTheStoreBeforeTheOneThatRevealedIt() {
        DomainEventMessage<?> added = store(0, added(), null);
        DomainEventMessage<?> resolved = store(1, new AnnotationResolved(DOC, "a1"), hashOf(added));
        DomainEventMessage<?> deleted = store(2, new AnnotationDeleted(DOC, "a1"), hashOf(resolved));

        push.committed(List.of(added));
        fromProcessor(deleted);

        assertThat(calls).containsExactly("send 0", "send 1", "send 2");
    }

    /** What the node's {@code live} processor hands the push for a stored event. */
    private void fromProcessor(DomainEventMessage<?> event) {
        push.on((DocumentEvent) event.getPayload(), event);
    }

    private DomainEventMessage<?> store(long revision, DocumentEvent event, String previousHash) {
        MetaData stamp = EventStamp.stamp(event, revision, previousHash, MetaData.with(EventStamp.ACTOR, "alice"));
        DomainEventMessage<?> message = new GenericDomainEventMessage<>("DocumentAnnotations", DOC, revision, event, stamp);
        eventStore.publish(message);
        return message;
    }

    private static String hashOf(DomainEventMessage<?> message) {
        return RecordedEvent.from(message).hash();
    }

    private static AnnotationAdded added() {
        return new AnnotationAdded(DOC, "a1", null, "a note 注释 🧭", List.of(), List.of());
    }

    /** A broker channel that notes each envelope's revision instead of handing it to sockets. */
    private SimpMessagingTemplate template() {
        ExecutorSubscribableChannel channel = new ExecutorSubscribableChannel();
        channel.subscribe(message -> calls.add("send " + ((RecordedEvent) message.getPayload()).revision()));
        SimpMessagingTemplate template = new SimpMessagingTemplate(channel);
        template.setMessageConverter(new PassThroughConverter());
        return template;
    }
}
