package org.margin.processing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.margin.common.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The record of events the processors skipped, for ADMINs to list: one entry per processor and event,
 * holding the latest failure (a replay that fails again overwrites it). The events themselves stay in
 * the event store untouched; a rebuild of the views applies them again once the fault is fixed.
 */
@Component
public class SkippedEvents {

    static final String COLLECTION = "skipped_events";
    private static final int MAX_ERROR_CHARS = 500;
    private static final Logger log = LoggerFactory.getLogger(SkippedEvents.class);

    private final MongoCollection<Document> collection;

    public SkippedEvents(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    /**
     * Logs the skip and records it. If the record cannot be written because the store is unavailable, that
     * failure is thrown, so the processor retries the batch rather than skip without a trace.
     */
    public void record(String processor, String stream, long revision, String type, Throwable failure) {
        log.error("Processor {} skipped event {} of {} ({}): applying it failed", processor, revision, stream, type,
                failure);
        String id = processor + "|" + stream + "#" + revision;
        Document entry = new Document("_id", id).append("processor", processor).append("stream", stream)
                .append("revision", revision).append("type", type).append("error", describe(failure))
                .append("at", new Date());
        try {
            collection.replaceOne(Filters.eq("_id", id), entry, new ReplaceOptions().upsert(true));
        } catch (RuntimeException e) {
            if (StoreFailures.unavailable(e)) {
                throw e;
            }
            log.error("Could not record the skip of event {} of {} by {}", revision, stream, processor, e);
        }
    }

    /** Records a skipped event message: a domain event by its stream and revision, any other by its id. */
    public void record(String processor, EventMessage<?> event, Throwable failure) {
        String type = event.getPayloadType().getSimpleName();
        if (event instanceof DomainEventMessage<?> domain) {
            record(processor, domain.getAggregateIdentifier(), domain.getSequenceNumber(), type, failure);
        } else {
            record(processor, event.getIdentifier(), 0, type, failure);
        }
    }

    /** The most recent skips first, at most {@code limit}. */
    public List<SkippedEvent> newest(int limit) {
        List<SkippedEvent> skipped = new ArrayList<>();
        for (Document d : collection.find().sort(Sorts.orderBy(Sorts.descending("at"), Sorts.ascending("_id")))
                .limit(limit)) {
            skipped.add(new SkippedEvent(d.getString("processor"), d.getString("stream"),
                    ((Number) d.get("revision")).longValue(), d.getString("type"), d.getString("error"),
                    d.getDate("at").toInstant()));
        }
        return skipped;
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "…";
    }
}
