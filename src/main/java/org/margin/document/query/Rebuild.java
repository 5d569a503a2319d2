package org.margin.document.query;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the per-document views from the event store by replaying the "projections" processor from the
 * start. The app keeps serving: commands are accepted, the catalogue (and so every permission check)
 * stays in place, and each view shows the revision it has reached, so a client sees that it is behind.
 */
@Component
public class Rebuild {

    /** Where a rebuild stands. */
    public record Status(boolean running, long eventsDone, long eventsTotal, double eventsPerSecond,
                         Long etaSeconds, Instant startedAt, Instant finishedAt) {
    }

    private final EventProcessingConfiguration processing;
    private final MongoDatabase database;
    private final AtomicLong done = new AtomicLong();
    private final AtomicReference<Instant> started = new AtomicReference<>();
    private final AtomicReference<Instant> finished = new AtomicReference<>();
    private volatile long total;

    Rebuild(EventProcessingConfiguration processing, MongoDatabase database) {
        this.processing = processing;
        this.database = database;
    }

    /** Starts a rebuild; false if one is already running. */
    public synchronized boolean start() {
        if (running()) {
            return false;
        }
        TrackingEventProcessor processor = processor();
        total = database.getCollection("domainevents")
                .countDocuments(new org.bson.Document("type", "DocumentAnnotations"));
        done.set(0);
        finished.set(null);
        started.set(Instant.now());
        processor.shutDown();
        processor.resetTokens();
        if (total == 0) {
            finished.set(Instant.now());
        }
        processor.start();
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
        return new Status(running, count, total, Math.round(rate * 10) / 10.0, eta, start, running ? null : finished.get());
    }

    /** Called for each event the projection handles; counts those that were stored before the rebuild began. */
    void handled(Instant storedAt) {
        Instant start = started.get();
        if (start != null && finished.get() == null && !storedAt.isAfter(start) && done.incrementAndGet() >= total) {
            finished.compareAndSet(null, Instant.now());
        }
    }

    /**
     * Running until every document event stored when it began has been applied again. (The processor's
     * own "replaying" flag can stay up until a newer event arrives, so it does not say when this is done.)
     */
    private boolean running() {
        return started.get() != null && finished.get() == null;
    }

    private TrackingEventProcessor processor() {
        return processing.eventProcessor(DocumentProjection.GROUP, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No tracking processor " + DocumentProjection.GROUP));
    }
}
