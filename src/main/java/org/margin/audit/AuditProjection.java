package org.margin.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.margin.common.ProcessorBatch;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.margin.document.query.RecordedEvent;
import org.margin.group.api.GroupEvent;
import org.margin.integrity.EventStamp;
import org.margin.processing.SkippedEvents;
import org.margin.user.api.AccountEvent;
import org.springframework.stereotype.Component;

/**
 * The audit log: one record per stored event of every document and group, keyed by stream and
 * revision, so a replayed event overwrites its own record and nothing else. The events of a processor's
 * batch are recorded together ({@link ProcessorBatch}): one read to check that each stream's revision
 * before the batch is recorded, one for the groups of the documents, one write of the records.
 */
@Component
@ProcessingGroup(AuditProjection.PROCESSOR)
class AuditProjection {

    static final String PROCESSOR = "audit";

    private final AuditLog log;
    private final EventStore eventStore;
    private final ProcessorBatch<DomainEventMessage<?>> batch;

    AuditProjection(AuditLog log, EventStore eventStore, SkippedEvents skipped) {
        this.log = log;
        this.eventStore = eventStore;
        this.batch = new ProcessorBatch<>(this::recordAll, (m, failure) -> skipped.record(PROCESSOR, m, failure));
    }

    @EventHandler
    void on(DocumentEvent event, DomainEventMessage<?> message) {
        batch.add(message);
    }

    @EventHandler
    void on(GroupEvent event, DomainEventMessage<?> message) {
        batch.add(message);
    }

    /** Account changes belong to no group: only an ADMIN sees them. */
    @EventHandler
    void on(AccountEvent event, DomainEventMessage<?> message) {
        batch.add(message);
    }

    void recordAll(List<DomainEventMessage<?>> messages) {
        Map<String, List<DomainEventMessage<?>>> byStream = withGapsFilled(messages);
        Map<String, String> groups = documentGroups(byStream);
        Map<String, List<AuditRecord>> records = new LinkedHashMap<>();
        byStream.forEach((stream, list) -> records.put(stream, list.stream().map(m -> record(m, groups)).toList()));
        log.recordAll(records);
    }

    /**
     * The messages per stream, with what the tracking processor skipped (late inserts) read from the store:
     * revisions are gap-free per stream, so a revision missing below a batch's first, or between two of its
     * events, is one it never delivered.
     */
    private Map<String, List<DomainEventMessage<?>>> withGapsFilled(List<DomainEventMessage<?>> messages) {
        Map<String, List<DomainEventMessage<?>>> byStream = new LinkedHashMap<>();
        messages.forEach(m -> byStream.computeIfAbsent(m.getAggregateIdentifier(), k -> new ArrayList<>()).add(m));
        Map<String, Long> before = new HashMap<>();
        byStream.forEach((stream, list) -> {
            long first = list.get(0).getSequenceNumber();
            if (first > 0) {
                before.put(stream, first - 1);
            }
        });
        Set<String> recorded = log.recorded(before);
        Map<String, List<DomainEventMessage<?>>> filled = new LinkedHashMap<>();
        byStream.forEach((stream, list) -> {
            long first = list.get(0).getSequenceNumber();
            long last = first == 0 || recorded.contains(AuditLog.id(stream, first - 1)) ? first - 1
                    : log.lastRecorded(stream, first);
            List<DomainEventMessage<?>> all = new ArrayList<>();
            for (DomainEventMessage<?> m : list) {
                long revision = m.getSequenceNumber();
                if (revision > last + 1) {
                    eventStore.readEvents(stream, last + 1).asStream()
                            .takeWhile(e -> e.getSequenceNumber() < revision).forEach(all::add);
                }
                all.add(m);
                last = Math.max(last, revision);
            }
            filled.put(stream, all);
        });
        return filled;
    }

    /** The group of each document among the streams; a document's first event names it. */
    private Map<String, String> documentGroups(Map<String, List<DomainEventMessage<?>>> byStream) {
        Map<String, String> registered = new LinkedHashMap<>();
        Set<String> documents = new LinkedHashSet<>();
        byStream.forEach((stream, list) -> list.forEach(m -> {
            if (m.getPayload() instanceof DocumentRegistered r) {
                registered.put(r.documentId(), r.groupId());
            } else if (m.getPayload() instanceof DocumentEvent) {
                documents.add(stream);
            }
        }));
        log.rememberGroups(registered);
        documents.removeAll(registered.keySet());
        Map<String, String> groups = new HashMap<>(log.groupsOf(documents));
        groups.putAll(registered);
        documents.stream().filter(d -> !groups.containsKey(d)).forEach(d -> groupFromStream(d).ifPresent(g -> {
            log.rememberGroups(Map.of(d, g));
            groups.put(d, g);
        }));
        return groups;
    }

    private static AuditRecord record(DomainEventMessage<?> message, Map<String, String> groups) {
        if (message.getPayload() instanceof DocumentEvent) {
            RecordedEvent e = RecordedEvent.from(message);
            return new AuditRecord(e.revision(), e.documentId(), groups.get(e.documentId()), e.type(), e.actor(),
                    e.timestamp(), Summaries.of(e.payload(), e.actor()));
        }
        Object event = message.getPayload();
        String groupId = event instanceof GroupEvent g ? g.groupId() : null;
        String actor = (String) message.getMetaData().get(EventStamp.ACTOR);
        Object at = message.getMetaData().get(EventStamp.TIMESTAMP);
        return new AuditRecord(message.getSequenceNumber(), null, groupId, event.getClass().getSimpleName(), actor,
                at == null ? message.getTimestamp() : Instant.parse(at.toString()), Summaries.of(event, actor));
    }

    /** The group named by a document's first event, for a document this processor never saw registered. */
    private Optional<String> groupFromStream(String documentId) {
        return eventStore.readEvents(documentId, 0).asStream().findFirst()
                .map(m -> m.getPayload() instanceof DocumentRegistered r ? r.groupId() : null);
    }
}
