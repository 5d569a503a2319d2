package org.margin.audit;

import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.margin.document.query.RecordedEvent;
import org.margin.group.api.GroupEvent;
import org.margin.integrity.EventStamp;
import org.margin.user.api.AccountEvent;
import org.springframework.stereotype.Component;

/**
 * The audit log: one record per stored event of every document and group, keyed by stream and
 * revision, so a replayed event overwrites its own record and nothing else.
 */
@Component
@ProcessingGroup("audit")
class AuditProjection {

    private final AuditLog log;
    private final EventStore eventStore;

    AuditProjection(AuditLog log, EventStore eventStore) {
        this.log = log;
        this.eventStore = eventStore;
    }

    @EventHandler
    void on(DocumentEvent event, DomainEventMessage<?> message) {
        fillGap(message);
        recordDocumentEvent(message);
    }

    @EventHandler
    void on(GroupEvent event, DomainEventMessage<?> message) {
        fillGap(message);
        log.record(event.groupId(), record(event, message, event.groupId()));
    }

    /** Account changes belong to no group: only an ADMIN sees them. */
    @EventHandler
    void on(AccountEvent event, DomainEventMessage<?> message) {
        fillGap(message);
        log.record(message.getAggregateIdentifier(), record(event, message, null));
    }

    /**
     * Revisions are gap-free per stream, so a record missing just below this one means the tracking
     * processor skipped an event (late insert); read it from the store and record it too.
     */
    private void fillGap(DomainEventMessage<?> message) {
        String stream = message.getAggregateIdentifier();
        long revision = message.getSequenceNumber();
        if (revision == 0 || log.has(stream, revision - 1)) {
            return;
        }
        long from = log.lastRecorded(stream, revision) + 1;
        eventStore.readEvents(stream, from).asStream().takeWhile(m -> m.getSequenceNumber() < revision)
                .forEach(this::recordAny);
    }

    private void recordAny(DomainEventMessage<?> message) {
        Object payload = message.getPayload();
        if (payload instanceof DocumentEvent) {
            recordDocumentEvent(message);
        } else if (payload instanceof GroupEvent g) {
            log.record(g.groupId(), record(g, message, g.groupId()));
        } else if (payload instanceof AccountEvent a) {
            log.record(message.getAggregateIdentifier(), record(a, message, null));
        }
    }

    private void recordDocumentEvent(DomainEventMessage<?> message) {
        RecordedEvent e = RecordedEvent.from(message);
        if (e.payload() instanceof DocumentRegistered registered) {
            log.rememberGroup(registered.documentId(), registered.groupId());
        }
        String groupId = log.groupOf(e.documentId()).orElseGet(() -> groupFromStream(e.documentId()));
        log.record(e.documentId(), new AuditRecord(e.revision(), e.documentId(), groupId, e.type(), e.actor(),
                e.timestamp(), Summaries.of(e.payload(), e.actor())));
    }

    private static AuditRecord record(Object event, DomainEventMessage<?> message, String groupId) {
        String actor = (String) message.getMetaData().get(EventStamp.ACTOR);
        Object at = message.getMetaData().get(EventStamp.TIMESTAMP);
        return new AuditRecord(message.getSequenceNumber(), null, groupId, event.getClass().getSimpleName(), actor,
                at == null ? message.getTimestamp() : java.time.Instant.parse(at.toString()), Summaries.of(event, actor));
    }

    /** The document's first event names its group; read it if this processor never saw it. */
    private String groupFromStream(String documentId) {
        Optional<String> group = eventStore.readEvents(documentId, 0).asStream().findFirst()
                .map(m -> m.getPayload() instanceof DocumentRegistered r ? r.groupId() : null);
        group.ifPresent(g -> log.rememberGroup(documentId, g));
        return group.orElse(null);
    }

}
