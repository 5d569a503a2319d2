package org.margin.document.query;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.bson.Document;
import org.margin.document.api.DocumentRegistered;
import org.margin.storage.StoredEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the per-document views from the event store in one pass. The "projections" processor is
 * paused; the store's head is noted; the views are emptied; every document event is read once, in
 * (document, revision) order, folded with the same reducer as the live projection, and each document's
 * final view is written in one batch. The processor then resumes from the noted head, so whatever was
 * stored during the pass is applied again; the projection skips what the views already hold.
 * The app keeps serving meanwhile: commands are accepted and the catalogue (and so every permission
 * check) stays; a document's view is missing until its batch is written.
 */
@Component
public class Rebuild {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final String STREAM_TYPE = "DocumentAnnotations";

    /** Where a rebuild stands. */
    public record Status(boolean running, long eventsDone, long eventsTotal, double eventsPerSecond,
                         Long etaSeconds, Instant startedAt, Instant finishedAt, String failure) {
    }

    private final EventProcessingConfiguration processing;
    private final MongoDatabase database;
    private final EventStore eventStore;
    private final Serializer serializer;
    private final DocumentViews views;
    private final DocumentCatalog catalog;
    private final AtomicLong done = new AtomicLong();
    private final AtomicReference<Instant> started = new AtomicReference<>();
    private final AtomicReference<Instant> finished = new AtomicReference<>();
    private volatile long total;
    private volatile String failure;

    Rebuild(EventProcessingConfiguration processing, MongoDatabase database, EventStore eventStore,
            @Qualifier("eventSerializer") Serializer serializer, DocumentViews views, DocumentCatalog catalog) {
        this.processing = processing;
        this.database = database;
        this.eventStore = eventStore;
        this.serializer = serializer;
        this.views = views;
        this.catalog = catalog;
    }

    /** Starts a rebuild in the background; false if one is already running. */
    public synchronized boolean start() {
        if (running()) {
            return false;
        }
        total = database.getCollection(StoredEvents.EVENTS).countDocuments(Filters.eq("type", STREAM_TYPE));
        done.set(0);
        failure = null;
        finished.set(null);
        started.set(Instant.now());
        Thread worker = new Thread(this::run, "rebuild-views");
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    public Status status() {
        Instant start = started.get();
        boolean running = running();
        long count = done.get();
        Instant end = finished.get() != null ? finished.get() : Instant.now();
        double seconds = start == null ? 0 : Math.max(0.001, Duration.between(start, end).toMillis() / 1000.0);
        double rate = start == null ? 0 : count / seconds;
        Long eta = running && rate > 0 ? Math.max(0, (long) ((total - count) / rate)) : null;
        return new Status(running, count, total, Math.round(rate * 10) / 10.0, eta, start,
                running ? null : finished.get(), failure);
    }

    private void run() {
        TrackingEventProcessor processor = processor();
        processor.shutDown();
        try {
            TrackingToken head = eventStore.createHeadToken();
            views.clear();
            replayAll();
            processor.resetTokens(head);
        } catch (RuntimeException e) {
            failure = e.getMessage();
            log.error("Rebuilding the views failed", e);
        } finally {
            processor.start();
            finished.set(Instant.now());
        }
    }

    /** One sorted pass over the stored document events; one batch of writes per document. */
    private void replayAll() {
        try (MongoCursor<Document> cursor = database.getCollection(StoredEvents.EVENTS)
                .find(Filters.eq("type", STREAM_TYPE))
                .sort(Sorts.ascending("aggregateIdentifier", "sequenceNumber"))
                .batchSize(1000).iterator()) {
            Iterator<DomainEventData<?>> entries = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return cursor.hasNext();
                }

                @Override
                public DomainEventData<?> next() {
                    return StoredEvents.entry(cursor.next());
                }
            };
            var data = StreamSupport.stream(Spliterators.spliteratorUnknownSize(entries, Spliterator.ORDERED), false);
            var messages = EventStreamUtils.asStream(
                    EventStreamUtils.upcastAndDeserializeDomainEvents(data, serializer, NoOpEventUpcaster.INSTANCE));
            DocumentView view = null;
            RecordedEvent last = null;
            for (Iterator<? extends DomainEventMessage<?>> it = messages.iterator(); it.hasNext(); ) {
                RecordedEvent e = RecordedEvent.from(it.next());
                if (view == null || !view.documentId().equals(e.documentId())) {
                    store(view, last);
                    view = DocumentView.empty(e.documentId());
                }
                if (e.payload() instanceof DocumentRegistered registered) {
                    catalog.register(registered, e);
                }
                view = DocumentReducer.reduce(view, e);
                last = e;
                done.incrementAndGet();
            }
            store(view, last);
        }
    }

    private void store(DocumentView view, RecordedEvent last) {
        if (view != null) {
            views.saveAll(view);
            catalog.advance(view.documentId(), view.revision(), view.annotations().size(), last.timestamp());
        }
    }

    /** Running until the pass is over and the processor is back. */
    private boolean running() {
        return started.get() != null && finished.get() == null;
    }

    private TrackingEventProcessor processor() {
        return processing.eventProcessor(DocumentProjection.GROUP, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No tracking processor " + DocumentProjection.GROUP));
    }
}
