package org.margin.storage;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

/**
 * Axon event storage on MongoDB, ordered by a store position instead of a clock.
 *
 * <p>Every event gets a position ({@code _id}, see {@link GlobalSequence}). Tracking processors hold a
 * {@link GapAwareTrackingToken}: the highest position seen and the lower positions not yet seen. A
 * position can be missing for a while (a concurrent append that took an earlier position and has not
 * landed yet) or for good (an append that failed). Readers ask again for missing positions until the
 * gap is older than {@code gapTimeout}, so an event stored late is still delivered, whatever the
 * writers' clocks say.
 *
 * <p>Every read is a lookup of exact keys: the tail by positions ({@code _id $in [...]}), a stream by
 * its {@code stream} keys, a snapshot by its aggregate id. A real MongoDB serves these from its unique
 * indexes; so does the embedded server, which ignores other indexes and range queries.
 */
public class SequencedEventStorageEngine extends BatchingEventStorageEngine {

    private static final int MAX_GAP_OFFSET = 10_000;
    /**
     * Most tail reads find nothing or one new event: ask for a few positions first, then for a batch. On
     * the embedded store each key asked for costs a lookup in its unique index whether it exists or not.
     */
    private static final int FIRST_WINDOW = 4;
    /** The first window of a read after a pause at the tail, which usually finds several events. */
    private static final int PACED_FIRST_WINDOW = 16;
    private static final int FIRST_STREAM_WINDOW = 8;
    private static final Duration LOOK_AHEAD_INTERVAL = Duration.ofSeconds(5);

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final GlobalSequence sequence;
    private final Duration gapTimeout;
    private final int lookAhead;
    private final Clock clock;
    private final long tailPaceNanos;
    /** When this thread's last read came back with some events but less than a batch: it was at the tail. */
    private final ThreadLocal<long[]> lastTailRead = ThreadLocal.withInitial(() -> new long[] {0L, 0L});
    private final Map<Long, Instant> gapsFirstSeen = new ConcurrentHashMap<>();
    private volatile Instant nextLookAhead = Instant.MIN;

    protected SequencedEventStorageEngine(Builder builder) {
        super(builder);
        this.events = builder.database.getCollection(StoredEvents.EVENTS);
        this.snapshots = builder.database.getCollection(StoredEvents.SNAPSHOTS);
        this.gapTimeout = builder.gapTimeout;
        this.lookAhead = builder.lookAhead;
        this.clock = builder.clock;
        this.tailPaceNanos = builder.tailPace.toNanos();
        this.sequence = new GlobalSequence(this::highestPosition);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The unique stream key guards revisions; the compound index serves audit queries on a real MongoDB. */
    public void ensureIndexes() {
        events.createIndex(Indexes.ascending(StoredEvents.STREAM),
                new IndexOptions().unique(true).name(StoredEvents.STREAM_INDEX));
        events.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"));
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> messages, Serializer serializer) {
        if (messages.isEmpty()) {
            return;
        }
        List<DomainEventMessage<?>> pending = messages.stream()
                .<DomainEventMessage<?>>map(EventUtils::asDomainEventMessage).toList();
        while (true) {
            long first = sequence.reserve(pending.size());
            List<Document> documents = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                documents.add(StoredEvents.toDocument(pending.get(i), serializer, first + i));
            }
            try {
                if (documents.size() == 1) {
                    events.insertOne(documents.get(0));
                } else {
                    events.insertMany(documents);
                }
                return;
            } catch (MongoWriteException | MongoBulkWriteException e) {
                if (!positionTaken(e)) {
                    handlePersistenceException(e, pending.get(0));
                }
                // Another node holds a position: the events before it are stored (the insert is ordered),
                // the rest go on at new positions.
                pending = pending.subList(storedBefore(e), pending.size());
                sequence.taken();
            }
        }
    }

    private static int storedBefore(MongoException e) {
        return e instanceof MongoBulkWriteException bulk ? bulk.getWriteErrors().get(0).getIndex() : 0;
    }

    private static boolean positionTaken(MongoException e) {
        String message = String.valueOf(e.getMessage());
        return isDuplicateKey(e) && message.contains("index: _id_") && !message.contains(StoredEvents.STREAM_INDEX);
    }

    static boolean isDuplicateKey(Exception e) {
        if (e instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (e instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream()
                    .anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
        }
        return false;
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        long[] last = lastTailRead.get();
        boolean paced = tailPaceNanos > 0 && last[0] == 1;
        if (paced && !waitedForTheTail(last[1])) {
            return List.of();
        }
        List<? extends TrackedEventData<?>> result = fetchTrackedEventsNow(lastToken, batchSize,
                paced ? PACED_FIRST_WINDOW : FIRST_WINDOW);
        last[0] = !result.isEmpty() && result.size() < batchSize ? 1 : 0;
        last[1] = System.nanoTime();
        return result;
    }

    /**
     * A reader that has just caught up with the tail, its last read having found a few events and not a
     * batch, waits until {@code tailPace} after that read before it reads again, so that the events of
     * the commands stored meanwhile come in one read, one batch for each processor, and one write of
     * each view and token, instead of one of each per command. A reader that found nothing is woken by
     * the next commit and reads at once, and one working through a backlog never waits: only the second
     * and later reads of a busy tail do. False if the wait was interrupted (the reader is stopping).
     */
    private boolean waitedForTheTail(long lastRead) {
        long wait = lastRead + tailPaceNanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private List<? extends TrackedEventData<?>> fetchTrackedEventsNow(TrackingToken lastToken, int batchSize,
                                                                      int firstWindow) {
        GapAwareTrackingToken token = withoutExpiredGaps(start(lastToken));
        long index = token.getIndex();
        int first = Math.min(firstWindow, batchSize);
        List<Long> wanted = new ArrayList<>(token.getGaps());
        addRange(wanted, index + 1, first);
        List<Document> found = byPosition(wanted);
        long beyond = found.stream().filter(d -> StoredEvents.position(d) > index).count();
        long windowEnd = index + first;
        if (beyond == first && batchSize > first) {
            found.addAll(byPosition(range(windowEnd + 1, batchSize - first)));
        } else if (beyond == 0) {
            found.addAll(pastTheWindow(windowEnd, batchSize));
        }
        List<TrackedEventData<?>> result = new ArrayList<>(found.size());
        for (Document document : found) {
            token = token.advanceTo(StoredEvents.position(document), MAX_GAP_OFFSET);
            result.add(new TrackedDomainEventData<>(token, StoredEvents.entry(document)));
        }
        noteGaps(token);
        return result;
    }

    /**
     * Positions past an empty window can hold events: this node has handed out positions beyond it
     * (appends still in flight, or failed ones), or another node's appends failed several times in a
     * row. The first case asks only for the positions this node handed out (at most a batch); the
     * second is looked for every few seconds, 1,000 positions further, so a run of holes cannot stop
     * a reader for long.
     */
    private List<Document> pastTheWindow(long windowEnd, int batchSize) {
        long reserved = sequence.highestReserved();
        if (reserved > windowEnd) {
            List<Document> mine = byPosition(range(windowEnd + 1, (int) Math.min(batchSize, reserved - windowEnd)));
            if (!mine.isEmpty()) {
                return mine;
            }
        }
        Instant now = clock.instant();
        if (now.isBefore(nextLookAhead)) {
            return List.of();
        }
        nextLookAhead = now.plus(LOOK_AHEAD_INTERVAL);
        List<Document> found = byPosition(range(windowEnd + 1, lookAhead));
        return found.size() > batchSize ? new ArrayList<>(found.subList(0, batchSize)) : found;
    }

    private static List<Long> range(long from, int count) {
        List<Long> positions = new ArrayList<>(count);
        addRange(positions, from, count);
        return positions;
    }

    private static void addRange(List<Long> positions, long from, int count) {
        for (long p = from; p < from + count; p++) {
            positions.add(p);
        }
    }

    private List<Document> byPosition(List<Long> positions) {
        List<Document> found = events.find(in("_id", positions)).into(new ArrayList<>());
        found.sort(Comparator.comparingLong(StoredEvents::position));
        return found;
    }

    private static GapAwareTrackingToken start(TrackingToken lastToken) {
        if (lastToken == null) {
            return GapAwareTrackingToken.newInstance(-1, List.of());
        }
        if (lastToken instanceof GapAwareTrackingToken gapAware) {
            return gapAware;
        }
        throw new IllegalArgumentException("Unsupported tracking token: " + lastToken.getClass().getName());
    }

    private GapAwareTrackingToken withoutExpiredGaps(GapAwareTrackingToken token) {
        if (!token.hasGaps()) {
            return token;
        }
        Instant now = clock.instant();
        SortedSet<Long> kept = new TreeSet<>();
        for (Long gap : token.getGaps()) {
            Instant seen = gapsFirstSeen.computeIfAbsent(gap, g -> now);
            if (seen.plus(gapTimeout).isAfter(now)) {
                kept.add(gap);
            }
        }
        return kept.size() == token.getGaps().size() ? token : GapAwareTrackingToken.newInstance(token.getIndex(), kept);
    }

    private void noteGaps(GapAwareTrackingToken token) {
        Instant now = clock.instant();
        token.getGaps().forEach(gap -> gapsFirstSeen.putIfAbsent(gap, now));
        if (gapsFirstSeen.size() > MAX_GAP_OFFSET) {
            Instant forgotten = now.minus(gapTimeout.multipliedBy(2));
            gapsFirstSeen.values().removeIf(seen -> seen.isBefore(forgotten));
        }
    }

    /**
     * A stream in windows that grow (8, 64, then 512 revisions), so that reading the last few events
     * of a stream asks for a few keys, and reading a long one takes few round trips.
     */
    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateIdentifier, long firstSequenceNumber) {
        Iterator<DomainEventData<?>> windows = new Iterator<>() {
            long next = firstSequenceNumber;
            int window = FIRST_STREAM_WINDOW;
            Iterator<? extends DomainEventData<?>> current = Collections.emptyIterator();
            boolean last;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !last) {
                    List<? extends DomainEventData<?>> batch = fetchDomainEvents(aggregateIdentifier, next, window);
                    last = batch.size() < window;
                    if (!batch.isEmpty()) {
                        next = batch.get(batch.size() - 1).getSequenceNumber() + 1;
                    }
                    window = Math.min(window * 8, 512);
                    current = batch.iterator();
                }
                return current.hasNext();
            }

            @Override
            public DomainEventData<?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(windows, Spliterator.ORDERED), false);
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier, long firstSequenceNumber,
                                                                   int batchSize) {
        List<String> keys = new ArrayList<>(batchSize);
        for (long s = firstSequenceNumber; s < firstSequenceNumber + batchSize; s++) {
            keys.add(StoredEvents.streamKey(aggregateIdentifier, s));
        }
        List<Document> found = events.find(in(StoredEvents.STREAM, keys)).into(new ArrayList<>());
        found.sort(Comparator.comparingLong(d -> ((Number) d.get("sequenceNumber")).longValue()));
        return found.stream().map(StoredEvents::entry).toList();
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document document = StoredEvents.toDocument(snapshot, serializer, 0);
        document.put("_id", snapshot.getAggregateIdentifier());
        document.remove(StoredEvents.STREAM);
        snapshots.replaceOne(eq("_id", snapshot.getAggregateIdentifier()), document, new ReplaceOptions().upsert(true));
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document document = snapshots.find(eq("_id", aggregateIdentifier)).first();
        return document == null ? Stream.empty() : Stream.of(StoredEvents.entry(document));
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    @Override
    public TrackingToken createHeadToken() {
        long head = highestPosition();
        return head < 0 ? null : GapAwareTrackingToken.newInstance(head, List.of());
    }

    /** A token just before the first event stored at or after the instant (a scan: resets are rare). */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long first = Long.MAX_VALUE;
        for (Document d : events.find().projection(new Document("timestamp", 1))) {
            if (!Instant.parse(d.getString("timestamp")).isBefore(dateTime)) {
                first = Math.min(first, StoredEvents.position(d));
            }
        }
        return first == Long.MAX_VALUE ? createHeadToken() : GapAwareTrackingToken.newInstance(first - 1, List.of());
    }

    private long highestPosition() {
        Document last = events.find().projection(new Document("_id", 1)).sort(Sorts.descending("_id")).limit(1).first();
        return last == null ? -1 : StoredEvents.position(last);
    }

    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private Duration gapTimeout = Duration.ofSeconds(60);
        private int lookAhead = 1_000;
        private Clock clock = Clock.systemUTC();
        private Duration tailPace = Duration.ZERO;

        public Builder() {
            persistenceExceptionResolver(SequencedEventStorageEngine::isDuplicateKey);
        }

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        /** How long a missing position is asked for again before readers give up on it. */
        public Builder gapTimeout(Duration gapTimeout) {
            this.gapTimeout = gapTimeout;
            return this;
        }

        /** How long a reader at the tail waits between reads that find events (zero: not at all). */
        public Builder tailPace(Duration tailPace) {
            this.tailPace = tailPace;
            return this;
        }

        public Builder lookAhead(int lookAhead) {
            this.lookAhead = lookAhead;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        public SequencedEventStorageEngine build() {
            if (database == null) {
                throw new IllegalStateException("A database is required");
            }
            return new SequencedEventStorageEngine(this);
        }
    }
}
