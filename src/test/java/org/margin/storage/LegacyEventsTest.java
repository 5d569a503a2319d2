package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margin.support.TestStore;

/** A store written by the Mongo extension's event store is carried over, in its order, once. */
class LegacyEventsTest {

    record Noted(String text) {
    }

    @TempDir
    Path dir;

    TestStore store;
    MongoDatabase database;
    final Serializer serializer = JacksonSerializer.defaultSerializer();

    @BeforeEach
    void store() {
        store = new TestStore(dir, "legacy");
        database = store.database;
    }

    @AfterEach
    void close() {
        store.close();
    }

    static DomainEventMessage<Noted> event(String stream, long revision, String text, Instant at) {
        return new GenericDomainEventMessage<>("Doc", stream, revision, new Noted(text), Map.of("actor", "ann"),
                UUID.randomUUID().toString(), at);
    }

    MongoTemplate template() {
        return DefaultMongoTemplate.builder().mongoDatabase(database).build();
    }

    /** The engine earlier versions stored events with. */
    MongoEventStorageEngine formerEngine() {
        return MongoEventStorageEngine.builder().mongoTemplate(template())
                .eventSerializer(serializer).snapshotSerializer(serializer)
                .transactionManager(NoTransactionManager.INSTANCE).build();
    }

    @Test
    void eventsWrittenByTheFormerEngineAreMovedOnceInTimeOrder() {
        MongoEventStorageEngine former = formerEngine();
        Instant t = Instant.parse("2026-10-01T08:00:00Z");
        former.appendEvents(List.of(event("a", 0, "a0", t)));
        former.appendEvents(List.of(event("b", 0, "b0 中文", t.plusSeconds(1))));
        former.appendEvents(List.of(event("a", 1, "a1 🧭", t.plusSeconds(2))));
        TokenStore tokens = MongoTokenStore.builder().mongoTemplate(template()).serializer(serializer)
                .transactionManager(NoTransactionManager.INSTANCE).build();
        tokens.initializeTokenSegments("projections", 1, former.createHeadToken());

        assertThat(new LegacyEvents(database).migrate()).isEqualTo(3);

        SequencedEventStorageEngine engine = SequencedEventStorageEngine.builder().database(database)
                .eventSerializer(serializer).snapshotSerializer(serializer).build();
        assertThat(engine.readEvents(null, false).map(m -> ((Noted) m.getPayload()).text()).toList())
                .containsExactly("a0", "b0 中文", "a1 🧭");
        assertThat(engine.readEvents("a", 0).asStream().map(DomainEventMessage::getSequenceNumber).toList())
                .containsExactly(0L, 1L);
        assertThat(database.getCollection(LegacyEvents.LEGACY_EVENTS).countDocuments())
                .as("the former collection is kept").isEqualTo(3);
        assertThat(tokens.fetchSegments("projections")).as("the former token is dropped").isEmpty();

        engine.appendEvents(List.of(event("a", 2, "a2", t.plusSeconds(3))));
        assertThat(new LegacyEvents(database).migrate()).as("only once").isZero();
        assertThat(engine.readEvents("a", 0).asStream().count()).isEqualTo(3);
    }

    @Test
    void aMoveStoppedHalfwayIsCompletedOnTheNextStart() {
        MongoEventStorageEngine former = formerEngine();
        Instant t = Instant.parse("2026-10-01T08:00:00Z");
        for (int i = 0; i < 2_500; i++) {
            former.appendEvents(List.of(event("doc-" + i % 7, i / 7, "e" + i, t.plusMillis(i))));
        }
        assertThat(new LegacyEvents(database).migrate()).isEqualTo(2_500);

        // as if the process had died after copying part of the events, before recording that it was done
        database.getCollection(StoredEvents.EVENTS).deleteMany(Filters.gte("_id", 1_200L));
        database.getCollection(LegacyEvents.MIGRATIONS).deleteMany(new Document());

        assertThat(new LegacyEvents(database).migrate()).isEqualTo(2_500);
        SequencedEventStorageEngine engine = SequencedEventStorageEngine.builder().database(database)
                .eventSerializer(serializer).snapshotSerializer(serializer).build();
        List<String> texts = engine.readEvents(null, false).map(m -> ((Noted) m.getPayload()).text()).toList();
        assertThat(texts).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(texts.get(0)).isEqualTo("e0");
        assertThat(texts.get(2_499)).isEqualTo("e2499");
    }
}
