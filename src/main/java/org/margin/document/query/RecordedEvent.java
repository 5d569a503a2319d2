package org.margin.document.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.EventMetadata;

/**
 * One stored event of a document's stream as every reader sees it: the history API, the live push,
 * the audit log and the reducer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordedEvent(String documentId, long revision, String type, String actor, Instant timestamp,
                            String annotationId, DocumentEvent payload, String hash, String previousHash) {

    public static RecordedEvent from(DomainEventMessage<?> message) {
        return of(message.getAggregateIdentifier(), message.getSequenceNumber(), (DocumentEvent) message.getPayload(),
                message.getMetaData(), message::getTimestamp);
    }

    /** From an event's parts; {@code stored} is the store's timestamp, for an event without its own. */
    static RecordedEvent of(String documentId, long revision, DocumentEvent payload, Map<String, ?> metaData,
                            Supplier<Instant> stored) {
        Object timestamp = metaData.get(EventMetadata.TIMESTAMP);
        return new RecordedEvent(documentId, revision, payload.getClass().getSimpleName(),
                (String) metaData.get(EventMetadata.ACTOR),
                timestamp == null ? stored.get() : Instant.parse(timestamp.toString()),
                payload.annotationId(), payload,
                (String) metaData.get(EventMetadata.HASH),
                (String) metaData.get(EventMetadata.PREVIOUS_HASH));
    }
}
