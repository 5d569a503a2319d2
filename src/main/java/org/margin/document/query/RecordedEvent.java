package org.margin.document.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
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
        DocumentEvent payload = (DocumentEvent) message.getPayload();
        Object timestamp = message.getMetaData().get(EventMetadata.TIMESTAMP);
        return new RecordedEvent(message.getAggregateIdentifier(), message.getSequenceNumber(),
                payload.getClass().getSimpleName(),
                (String) message.getMetaData().get(EventMetadata.ACTOR),
                timestamp == null ? message.getTimestamp() : Instant.parse(timestamp.toString()),
                payload.annotationId(), payload,
                (String) message.getMetaData().get(EventMetadata.HASH),
                (String) message.getMetaData().get(EventMetadata.PREVIOUS_HASH));
    }
}
