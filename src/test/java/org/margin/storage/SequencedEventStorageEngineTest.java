package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margin.support.TestStore;

/**
 * The event storage engine through the real driver: on a fresh embedded store, or, with MONGODB_URI
 * set, in a database of its own on that server.
 */
class SequencedEventStorageEngineTest {

    record Noted(String text) {
    }

    @TempDir
    Path dir;

    TestStore store;
    MongoDatabase database;
    MongoCollection<Document> events;
    final Serializer serializer = JacksonSerializer.defaultSerializer();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    SequencedEventStorageEngine engine;

    @BeforeEach
    void store() {
        store = new TestStore(dir, "engine");
        database = store.database;
        events = database.getCollection(StoredEvents.EVENTS);
        engine = engine();
    }

    SequencedEventStorageEngine engine() {
        SequencedEventStorageEngine e = SequencedEventStorageEngine.builder().database(database)
                .eventSerializer(serializer).snapshotSerializer(serializer)
                .gapTimeout(Duration.ofSeconds(10)).clock(clock).batchSize(100).build();
        e.ensureIndexes();
        return e;
    }

    @AfterEach
    void close() {
        store.close();
    }

    static DomainEventMessage<Noted> event(String stream, long revision, String text) {
        return new GenericDomainEventMessage<>("Doc", stream, revision, new Noted(text), Map.of("actor", "ann"),
                UUID.randomUUID().toString(), Instant.parse("2026-11-29T12:00:00Z"));
    }

    List<TrackedEventMessage<?>> read(TrackingToken after) {
        return engine.readEvents(after, false).collect(Collectors.toList());
    }

    static List<String> texts(List<? extends org.axonframework.eventhandling.EventMessage<?>> messages) {
        return messages.stream().map(m -> ((Noted) m.getPayload()).text()).toList();
    }

    static GapAwareTrackingToken token(TrackedEventMessage<?> message) {
        return (GapAwareTrackingToken) message.trackingToken();
    }

    /** Stores an event at a chosen position, as a writer that reserved it earlier would. */
    void storeAt(long position, DomainEventMessage<?> event) {
        events.insertOne(StoredEvents.toDocument(event, serializer, position));
    }

    @Test
    void eventsAreTrackedInPositionOrderAndStreamsReadInRevisionOrder() {
        engine.appendEvents(List.of(event("a", 0, "a0")));
        engine.appendEvents(List.of(event("b", 0, "b0"), event("b", 1, "b1")));
        engine.appendEvents(List.of(event("a", 1, "a1 中文 🧭")));

        List<TrackedEventMessage<?>> all = read(null);
        assertThat(texts(all)).containsExactly("a0", "b0", "b1", "a1 中文 🧭");
        assertThat(all).extracting(m -> token(m).getIndex()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(all).allMatch(m -> !token(m).hasGaps());
        assertThat(texts(engine.readEvents("a", 0).asStream().toList())).containsExactly("a0", "a1 中文 🧭");
        assertThat(texts(read(token(all.get(1))))).containsExactly("b1", "a1 中文 🧭");
        assertThat(((GapAwareTrackingToken) engine.createHeadToken()).getIndex()).isEqualTo(3);
        assertThat(engine.createTailToken()).isNull();
    }

    @Test
    void aRevisionIsStoredOnceAndAConflictingAppendLosesNothing() {
        engine.appendEvents(List.of(event("a", 0, "first")));
        engine.appendEvents(List.of(event("a", 1, "second")));

        assertThatThrownBy(() -> engine.appendEvents(List.of(event("a", 1, "rival"))))
                .isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> engine.appendEvents(List.of(event("a", 0, "rival creation"))))
                .isInstanceOf(AggregateStreamCreationException.class);

        assertThat(texts(engine.readEvents("a", 0).asStream().toList())).containsExactly("first", "second");
        engine.appendEvents(List.of(event("a", 2, "third")));
        assertThat(texts(read(null))).containsExactly("first", "second", "third");
    }

    @Test
    void longStreamsAreReadInFullFromAnyRevision() {
        for (int i = 0; i < 250; i += 50) {
            int from = i;
            engine.appendEvents(IntStream.range(from, from + 50).mapToObj(r -> event("long", r, "r" + r)).toList());
            engine.appendEvents(List.of(event("other-" + i, 0, "o" + i)));
        }
        List<? extends DomainEventMessage<?>> whole = engine.readEvents("long", 0).asStream().toList();
        assertThat(whole).extracting(DomainEventMessage::getSequenceNumber)
                .containsExactlyElementsOf(IntStream.range(0, 250).mapToObj(Long::valueOf).toList());
        assertThat(engine.readEvents("long", 120).asStream().count()).isEqualTo(130);
        assertThat(engine.readEvents("long", 250).asStream().count()).isZero();
        assertThat(read(null)).hasSize(255);
    }

    @Test
    void anEventStoredLateInAnEarlierPositionIsStillDelivered() {
        storeAt(0, event("a", 0, "a0"));
        storeAt(2, event("b", 0, "b0"));   // position 1 is reserved by a writer that has not stored yet

        List<TrackedEventMessage<?>> first = read(null);
        assertThat(texts(first)).containsExactly("a0", "b0");
        GapAwareTrackingToken after = token(first.get(1));
        assertThat(after.getIndex()).isEqualTo(2);
        assertThat(after.getGaps()).containsExactly(1L);

        clock.advance(Duration.ofSeconds(9));
        storeAt(1, new GenericDomainEventMessage<>("Doc", "c", 0, new Noted("late, with an hour-old clock"), Map.of(),
                UUID.randomUUID().toString(), clock.instant().minusSeconds(3_600)));
        List<TrackedEventMessage<?>> next = read(after);
        assertThat(texts(next)).containsExactly("late, with an hour-old clock");
        assertThat(token(next.get(0)).getIndex()).isEqualTo(2);
        assertThat(token(next.get(0)).hasGaps()).isFalse();
    }

    @Test
    void aPositionMissingLongerThanTheGapTimeoutIsGivenUp() {
        storeAt(0, event("a", 0, "a0"));
        storeAt(2, event("b", 0, "b0"));
        GapAwareTrackingToken after = token(read(null).get(1));
        assertThat(after.getGaps()).containsExactly(1L);

        clock.advance(Duration.ofSeconds(11));
        storeAt(3, event("b", 1, "b1"));
        List<TrackedEventMessage<?>> next = read(after);
        assertThat(texts(next)).containsExactly("b1");
        assertThat(token(next.get(0)).hasGaps()).as("the abandoned position is no longer asked for").isFalse();

        storeAt(1, event("c", 0, "too late"));
        assertThat(read(token(next.get(0)))).as("given up: the per-document gap check must recover it").isEmpty();
    }

    /**
     * A reader whose last read found some events, not a batch, is at a busy tail: it reads again only a
     * pace after that read, and gets in one read what was stored meanwhile. After a read that found
     * nothing, or a full batch, it reads at once.
     */
    @Test
    void aReaderAtABusyTailTakesWhatWasStoredDuringItsPauseInOneRead() {
        Duration pace = Duration.ofMillis(800);
        SequencedEventStorageEngine paced = SequencedEventStorageEngine.builder().database(database)
                .eventSerializer(serializer).snapshotSerializer(serializer).tailPace(pace).batchSize(100).build();
        paced.appendEvents(List.of(event("a", 0, "a0")));
        var first = paced.fetchTrackedEvents(null, 3);
        assertThat(first).hasSize(1);

        long start = System.nanoTime();
        for (int i = 1; i <= 2; i++) {
            paced.appendEvents(List.of(event("a", i, "a" + i)));   // two commands during the pause
        }
        var second = paced.fetchTrackedEvents(first.get(0).trackingToken(), 3);
        assertThat(second).hasSize(2);
        assertThat(millisSince(start)).as("waited for the pace").isGreaterThanOrEqualTo(pace.toMillis() - 10);

        start = System.nanoTime();
        var third = paced.fetchTrackedEvents(second.get(1).trackingToken(), 3);
        assertThat(third).isEmpty();
        assertThat(millisSince(start)).as("the tail was busy: waited again").isGreaterThanOrEqualTo(pace.toMillis() - 10);

        for (int i = 3; i <= 6; i++) {
            paced.appendEvents(List.of(event("a", i, "a" + i)));
        }
        start = System.nanoTime();
        var full = paced.fetchTrackedEvents(second.get(1).trackingToken(), 3);
        assertThat(full).as("after finding nothing: at once").hasSize(3);
        var rest = paced.fetchTrackedEvents(full.get(2).trackingToken(), 3);
        assertThat(rest).as("after a full batch: at once").hasSize(1);
        assertThat(millisSince(start)).isLessThan(pace.toMillis() / 2);
        assertThat(texts(read(null))).containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6");
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Test
    void aReaderLooksPastARunOfFailedAppends() {
        storeAt(0, event("a", 0, "a0"));
        storeAt(150, event("a", 1, "a1"));   // 149 positions whose appends failed, more than one batch

        List<TrackedEventMessage<?>> all = read(null);
        assertThat(texts(all)).containsExactly("a0", "a1");
        assertThat(token(all.get(1)).getIndex()).isEqualTo(150);
        assertThat(token(all.get(1)).getGaps()).hasSize(149);
    }

    @Test
    void aReaderFindsThisNodesEventsPastItsOwnFailedAppends() {
        engine.appendEvents(List.of(event("a", 0, "a0")));
        GapAwareTrackingToken after = token(read(null).get(0));   // the reader has made its first look ahead
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> engine.appendEvents(List.of(event("a", 0, "conflict"))))
                    .isInstanceOf(AggregateStreamCreationException.class);   // each failed append leaves its position empty
        }
        engine.appendEvents(List.of(event("a", 1, "a1")));

        List<TrackedEventMessage<?>> next = read(after);
        assertThat(texts(next)).containsExactly("a1");
        assertThat(token(next.get(0)).getIndex()).isEqualTo(11);
    }

    @Test
    void twoNodesSharingAStoreNeverOverwriteEachOthersPositions() {
        SequencedEventStorageEngine other = engine();
        engine.appendEvents(List.of(event("a", 0, "a0 by this node")));
        other.appendEvents(List.of(event("b", 0, "b0 by the other node")));
        other.appendEvents(List.of(event("b", 1, "b1 by the other node")));
        engine.appendEvents(List.of(event("a", 1, "a1 by this node")));   // its counter is behind: it moves on

        List<TrackedEventMessage<?>> all = read(null);
        assertThat(texts(all)).containsExactlyInAnyOrder("a0 by this node", "b0 by the other node",
                "b1 by the other node", "a1 by this node");
        assertThat(all).extracting(m -> token(m).getIndex()).doesNotHaveDuplicates();
        assertThat(events.countDocuments()).isEqualTo(4);
    }

    @Test
    void aTwoEventAppendThatMeetsATakenPositionHalfwayStoresBothEventsOnce() {
        engine.appendEvents(List.of(event("b", 0, "b0")));                // position 0; this node counts on from 1
        storeAt(2, event("other", 0, "another node's event"));          // position 2 is taken behind its back

        engine.appendEvents(List.of(event("b", 1, "b1"), event("b", 2, "b2")));   // 1 is free, 2 is not

        assertThat(texts(engine.readEvents("b", 0).asStream().toList())).containsExactly("b0", "b1", "b2");
        assertThat(texts(read(null))).containsExactly("b0", "b1", "another node's event", "b2");
        assertThat(events.countDocuments()).isEqualTo(4);
    }

    @Test
    void theLatestSnapshotIsKeptPerAggregate() {
        engine.storeSnapshot(event("a", 99, "state at 99"));
        engine.storeSnapshot(event("a", 199, "state at 199"));
        engine.storeSnapshot(event("b", 5, "b at 5"));

        DomainEventMessage<?> a = engine.readSnapshot("a").orElseThrow();
        assertThat(a.getSequenceNumber()).isEqualTo(199);
        assertThat(((Noted) a.getPayload()).text()).isEqualTo("state at 199");
        assertThat(engine.readSnapshot("c")).isEmpty();
        assertThat(database.getCollection(StoredEvents.SNAPSHOTS).countDocuments()).isEqualTo(2);
        assertThat(events.countDocuments()).as("snapshots are not events").isZero();
    }

    @Test
    void aTokenAtAMomentStartsBeforeTheFirstEventStoredThen() {
        storeAt(0, new GenericDomainEventMessage<>("Doc", "a", 0, new Noted("old"), Map.of(), "e0",
                Instant.parse("2026-01-01T00:00:00Z")));
        storeAt(1, new GenericDomainEventMessage<>("Doc", "a", 1, new Noted("new"), Map.of(), "e1",
                Instant.parse("2026-06-01T00:00:00.5Z")));
        assertThat(texts(read(engine.createTokenAt(Instant.parse("2026-03-01T00:00:00Z"))))).containsExactly("new");
        assertThat(read(engine.createTokenAt(Instant.parse("2026-12-01T00:00:00Z")))).isEmpty();
    }
}
