package org.margin.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.margin.document.api.DocumentEvent;
import org.margin.document.query.RecordedEvent;

/** A stored event as history shows it: who (with their display name), when, what, and its place in the chain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEvent(String documentId, long revision, String type, String actor, String actorName, Instant timestamp,
                           String annotationId, DocumentEvent payload, String hash, String previousHash) {

    static HistoryEvent of(RecordedEvent e, String actorName) {
        return new HistoryEvent(e.documentId(), e.revision(), e.type(), e.actor(), actorName, e.timestamp(), e.annotationId(),
                e.payload(), e.hash(), e.previousHash());
    }

    /** The same event without its payload and hashes, for lists that only say who did what when. */
    HistoryEvent summary() {
        return new HistoryEvent(documentId, revision, type, actor, actorName, timestamp, annotationId, null, null, null);
    }
}
