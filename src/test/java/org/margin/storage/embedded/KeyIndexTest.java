package org.margin.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unique index serves a query on its keys with other conditions besides, and the answer is the one a
 * scan would give: the conditions beyond the keys still decide.
 */
class KeyIndexTest {

    @TempDir
    Path dir;

    @Test
    void servesAQueryOnItsKeysWithOtherConditionsBesidesByItsKeysAlone() {
        MVStore store = MVStore.open(null);
        KeyIndex byId = index(store, "_id_", "_id");
        KeyIndex bySegment = index(store, "processorName_1_segment_1", "processorName", "segment");
        for (int i = 0; i < 3; i++) {
            byId.add(new Document("_id", "d" + i).append("revision", (long) i), "p" + i, null);
            bySegment.add(new Document("processorName", "audit").append("segment", i).append("owner", "node"), "s" + i, null);
        }

        Document guarded = new Document("_id", "d2").append("revision", new Document("$lt", 5L));
        assertThat(byId.canHandle(guarded)).isTrue();
        assertThat(byId.getPositions(guarded)).containsExactly("p2");
        Document owned = new Document("processorName", "audit").append("segment", 1).append("owner", "other");
        assertThat(bySegment.canHandle(owned)).isTrue();
        assertThat(bySegment.getPositions(owned)).containsExactly("s1");

        // as the driver sends Filters.and: one top-level $and, nested as Axon's token store nests it
        Document sent = new Document("$and", List.of(new Document("_id", "d1"),
                new Document("revision", new Document("$lt", 5L))));
        assertThat(byId.canHandle(sent)).isTrue();
        assertThat(byId.getPositions(sent)).containsExactly("p1");
        Document claim = new Document("$and", List.of(new Document("processorName", "audit"),
                new Document("$and", List.of(new Document("segment", 2),
                        new Document("$or", List.of(new Document("owner", "node"), new Document("owner", null)))))));
        assertThat(bySegment.canHandle(claim)).isTrue();
        assertThat(bySegment.getPositions(claim)).containsExactly("s2");

        assertThat(byId.canHandle(new Document("revision", 1L))).isFalse();
        assertThat(byId.canHandle(new Document("$or", List.of(new Document("_id", "d1"), new Document("_id", "d2")))))
                .isFalse();
        assertThat(bySegment.canHandle(new Document("processorName", "audit").append("owner", "node"))).isFalse();
        store.close();
    }

    @Test
    void theConditionsBeyondTheKeysStillDecideWhatMatches() {
        EmbeddedBackend backend = new EmbeddedBackend(dir.resolve("store.mv"));
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoCollection<org.bson.Document> rows = client.getDatabase("margin").getCollection("documents");
            rows.insertMany(IntStream.range(0, 200).mapToObj(i -> new org.bson.Document("_id", "d" + i)
                    .append("revision", (long) i).append("title", "文档 " + i + " 🧭")).toList());

            // a row only moves forward: the guard beyond the key decides
            assertThat(rows.updateOne(Filters.and(Filters.eq("_id", "d7"), Filters.lt("revision", 9L)),
                    Updates.set("revision", 9L)).getModifiedCount()).isEqualTo(1);
            assertThat(rows.updateOne(Filters.and(Filters.eq("_id", "d7"), Filters.lt("revision", 8L)),
                    Updates.set("revision", 8L)).getMatchedCount()).isZero();
            assertThat(rows.find(Filters.eq("_id", "d7")).first().getLong("revision")).isEqualTo(9L);
            assertThat(rows.find(Filters.and(Filters.eq("_id", "d8"), Filters.lt("revision", 8L))).first()).isNull();
            assertThat(rows.find(Filters.and(Filters.eq("_id", "d8"), Filters.or(Filters.eq("revision", 3L),
                    Filters.eq("revision", 8L)))).projection(Projections.include("_id")).into(new ArrayList<>()))
                    .containsExactly(new org.bson.Document("_id", "d8"));
            assertThat(rows.countDocuments(Filters.and(Filters.eq("_id", "d9"), Filters.eq("title", "文档 9 🧭"))))
                    .isEqualTo(1);
            assertThat(rows.deleteOne(Filters.and(Filters.eq("_id", "d10"), Filters.gt("revision", 10L)))
                    .getDeletedCount()).isZero();
            assertThat(rows.countDocuments()).isEqualTo(200);

            // the driver's $and reaches the index: with d11's key taken out of the _id index alone, the
            // guarded query no longer finds d11, where a scan of the collection would
            backend.getMvStore().openMap("margin.documents._keys__id_").remove(StoredKey.of(new KeyValue("d11")));
            assertThat(rows.find(Filters.eq("title", "文档 11 🧭")).first()).isNotNull();
            assertThat(rows.find(Filters.and(Filters.eq("_id", "d11"), Filters.lt("revision", 100L))).first()).isNull();
            assertThat(rows.find(Filters.and(Filters.eq("_id", "d12"), Filters.lt("revision", 100L))).first()).isNotNull();

            MongoCollection<org.bson.Document> tokens = client.getDatabase("margin").getCollection("tokens");
            tokens.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
            tokens.insertMany(List.of(
                    new org.bson.Document("processorName", "audit").append("segment", 0).append("owner", "a"),
                    new org.bson.Document("processorName", "audit").append("segment", 1).append("owner", "b")));
            assertThat(tokens.updateOne(Filters.and(Filters.eq("processorName", "audit"), Filters.eq("segment", 0),
                    Filters.eq("owner", "b")), Updates.set("token", 1)).getMatchedCount()).isZero();
            assertThat(tokens.updateOne(Filters.and(Filters.eq("processorName", "audit"), Filters.eq("segment", 1),
                    Filters.eq("owner", "b")), Updates.set("token", 1)).getModifiedCount()).isEqualTo(1);
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    @Test
    void anUpdateThatChangesAUniqueKeyMovesItAndOneThatWouldTakeAnotherDocumentsKeyIsRefused() {
        EmbeddedBackend backend = new EmbeddedBackend(dir.resolve("store.mv"));
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoCollection<org.bson.Document> notes = client.getDatabase("margin").getCollection("notes");
            notes.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            notes.createIndex(Indexes.ascending("place.doc", "place.at"), new IndexOptions().unique(true));
            notes.insertMany(List.of(
                    new org.bson.Document("_id", "a").append("key", "研究").append("place", new org.bson.Document("doc", "d").append("at", 1L)),
                    new org.bson.Document("_id", "b").append("key", "🧭").append("place", new org.bson.Document("doc", "d").append("at", 2L))));

            // other fields change, the keys stay: still found by them
            notes.updateOne(Filters.eq("_id", "a"), Updates.set("text", "改"));
            assertThat(notes.find(Filters.eq("key", "研究")).first()).containsEntry("text", "改");
            // a top-level key moves: found by the new one, the old one free
            notes.updateOne(Filters.eq("_id", "a"), Updates.set("key", "研究 2"));
            assertThat(notes.find(Filters.eq("key", "研究 2")).first()).containsEntry("_id", "a");
            assertThat(notes.find(Filters.eq("key", "研究")).first()).isNull();
            notes.insertOne(new org.bson.Document("_id", "c").append("key", "研究"));
            // taking another document's key is refused and changes nothing, top-level or nested
            assertThatThrownBy(() -> notes.updateOne(Filters.eq("_id", "b"), Updates.set("key", "研究 2")))
                    .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> notes.updateOne(Filters.eq("_id", "b"), Updates.set("place.at", 1L)))
                    .isInstanceOf(MongoWriteException.class);
            org.bson.Document b = notes.find(Filters.eq("_id", "b")).first();
            assertThat(b).containsEntry("key", "🧭");
            assertThat(b.get("place", org.bson.Document.class).get("at")).isEqualTo(2L);
            // a nested key moves as well
            notes.updateOne(Filters.eq("_id", "b"), Updates.set("place.at", 3L));
            assertThat(notes.find(Filters.and(Filters.eq("place.doc", "d"), Filters.eq("place.at", 3L))).first())
                    .containsEntry("_id", "b");
            notes.insertOne(new org.bson.Document("_id", "e").append("key", "新").append("place", new org.bson.Document("doc", "d").append("at", 2L)));
            assertThat(notes.countDocuments()).isEqualTo(4);
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    private static KeyIndex index(MVStore store, String name, String... keys) {
        MVMap<StoredKey, Object> map = store.openMap(name, new MVMap.Builder<StoredKey, Object>()
                .keyType(new StoredKeyType()).valueType(new ObjectDataType()));
        return new KeyIndex(map, name, List.of(keys).stream().map(k -> new IndexKey(k, true)).toList(), false);
    }
}
