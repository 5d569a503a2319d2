package org.margin.document.query;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.margin.storage.StoredEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the per-document views from the event store. The store's head is noted; the "projections"
 * processor is asked to pause; every event up to the head is read in store order (once,
 * unless memory calls for a further pass), and each document's events are folded with the same reducer
 * as the live projection ({@link RebuildPass}); the views are emptied once the processor has stopped,
 * just before the first is written, and each document's final view is written in one batch. The
 * processor then resumes from the noted head, so whatever was stored after it is applied by the
 * projection, which skips what the views already hold. Progress counts the stored events read, of every
 * stream.
 * The app keeps serving meanwhile: commands are accepted and the catalogue (and so every permission
 * check) stays; the old views answer until the writing starts, and then a document's view is missing
 * until its batch is written.
 */
@Component
public class Rebuild {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

    /** Where a rebuild stands; {@code secondsSpent} is the time taken so far by each step. */
    public record Status(boolean running, long eventsDone, long eventsTotal, double eventsPerSecond,
                         Long etaSeconds, int passes, Instant startedAt, Instant finishedAt, String failure,
                         Spent secondsSpent) {
    }

    /**
     * Seconds spent emptying the views, reading the stored events, deserialising them, folding them and
     * writing the views. What is left of the rebuild's time went to pausing and resuming the projection.
     */
    public record Spent(double clearing, double reading, double deserializing, double folding, double writing) {
    }

    private final EventProcessingConfiguration processing;
    private final MongoDatabase database;
    private final EventStore eventStore;
    private final Serializer serializer;
    private final DocumentViews views;
    private final DocumentCatalog catalog;
    private final DocumentStream stream;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLongArray spent = new AtomicLongArray(RebuildPass.Step.values().length);
    private final AtomicReference<Instant> started = new AtomicReference<>();
    private final AtomicReference<Instant> finished = new AtomicReference<>();
    private final int maxOpenAnnotations;
    private volatile long total;
    private volatile int passes;
    private volatile String failure;

    Rebuild(EventProcessingConfiguration processing, MongoDatabase database, EventStore eventStore,
            @Qualifier("eventSerializer") Serializer serializer, DocumentViews views, DocumentCatalog catalog,
            DocumentStream stream, @Value("${margin.rebuild.max-open-annotations:100000}") int maxOpenAnnotations) {
        this.processing = processing;
        this.database = database;
        this.eventStore = eventStore;
        this.serializer = serializer;
        this.views = views;
        this.catalog = catalog;
        this.stream = stream;
        if (maxOpenAnnotations < 1) {
            throw new IllegalArgumentException("margin.rebuild.max-open-annotations must be at least 1, not "
                    + maxOpenAnnotations);
        }
        this.maxOpenAnnotations = maxOpenAnnotations;
    }

    /** Starts a rebuild in the background; false if one is already running. */
    public synchronized boolean start() {
        if (running()) {
            return false;
        }
        TrackingToken head = eventStore.createHeadToken();
        long last = head == null ? -1 : head.position().orElse(-1);
        total = last + 1;
        done.set(0);
        for (int i = 0; i < spent.length(); i++) {
            spent.set(i, 0);
        }
        passes = 1;
        failure = null;
        finished.set(null);
        started.set(Instant.now());
        Thread worker = new Thread(() -> run(head, last), "rebuild-views");
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
        return new Status(running, count, total, Math.round(rate * 10) / 10.0, eta, passes, start,
                running ? null : finished.get(), failure, new Spent(seconds(RebuildPass.Step.CLEAR), seconds(RebuildPass.Step.READ),
                seconds(RebuildPass.Step.DESERIALIZE), seconds(RebuildPass.Step.FOLD), seconds(RebuildPass.Step.WRITE)));
    }

    private double seconds(RebuildPass.Step step) {
        return Math.round(spent.get(step.ordinal()) / 1e7) / 100.0;
    }

    /**
     * The processor is asked to stop at once but waited for only before the views are emptied, which is
     * just before the first view is written: stopping takes up to a second (the processor finishes its
     * wait for new events), and meanwhile the events are read and folded and the old views still serve.
     */
    private void run(TrackingToken head, long last) {
        TrackingEventProcessor processor = processor();
        CompletableFuture<Void> stopped = processor.shutdownAsync();
        AtomicBoolean cleared = new AtomicBoolean();
        Runnable clear = () -> {
            if (cleared.compareAndSet(false, true)) {
                stopped.join();
                long t0 = System.nanoTime();
                views.clear();
                spent.addAndGet(RebuildPass.Step.CLEAR.ordinal(), System.nanoTime() - t0);
            }
        };
        try {
            new RebuildPass(database.getCollection(StoredEvents.EVENTS), serializer, views, catalog, stream,
                    maxOpenAnnotations).run(last, new RebuildPass.Progress() {
                        @Override
                        public void read(long positions) {
                            done.addAndGet(positions);
                        }

                        @Override
                        public void furtherPass(long positions) {
                            total += positions;
                            passes++;
                        }

                        @Override
                        public void spent(RebuildPass.Step step, long nanos) {
                            spent.addAndGet(step.ordinal(), nanos);
                        }

                        @Override
                        public void beforeWriting() {
                            clear.run();
                        }
                    });
            clear.run();
            total = done.get();
            log.info("Views rebuilt: {} stored events read in {} pass(es); seconds spent: {}", total, passes,
                    status().secondsSpent());
            processor.resetTokens(head);
        } catch (RuntimeException e) {
            failure = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            log.error("Rebuilding the views failed", e);
        } finally {
            try {
                stopped.join();
            } catch (RuntimeException e) {
                log.warn("Stopping the projection for the rebuild failed; starting it again", e);
            }
            if (failure != null && cleared.get()) {
                restoreByReplay(processor);
            }
            processor.start();
            finished.set(Instant.now());
        }
    }

    /**
     * After a failure past the emptying of the views, some documents have no view: the projection folds
     * every stored event again, skipping what the views already hold.
     */
    private void restoreByReplay(TrackingEventProcessor processor) {
        try {
            processor.resetTokens();
            failure += " (the views were emptied; the projection is restoring them from the first event)";
            log.warn("The projection replays every stored event to restore the views the rebuild emptied");
        } catch (RuntimeException e) {
            failure += " (the views were emptied, and replaying the events failed: a document's view comes back"
                    + " at its next event, or with another rebuild)";
            log.error("Replaying the events to restore the emptied views failed", e);
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
