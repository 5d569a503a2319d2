package org.margin.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded backend opens the stock H2 backend's files: the indexes of a store the stock backend wrote
 * are rewritten with compact keys, once, and found key by key; unique keys still hold, and its documents
 * are read in either form. What the embedded backend writes it reads back itself; the stock backend
 * cannot read it.
 */
class EmbeddedBackendTest {

    private static final int EVENTS = 3_000;

    @TempDir
    Path dir;

    @Test
    void aStoreWrittenByTheStockBackendIsReadKeyByKeyAndWrittenOnByTheEmbeddedOne() {
        Path file = dir.resolve("store.mv");
        withServer(new H2Backend(file.toString()), client -> {
            MongoCollection<Document> events = events(client);
            events.createIndex(Indexes.ascending("stream"), new IndexOptions().unique(true));
            events.insertMany(LongStream.range(0, EVENTS).mapToObj(EmbeddedBackendTest::event).toList());
            views(client).insertMany(LongStream.range(0, 500).mapToObj(EmbeddedBackendTest::view).toList());
            return null;
        });

        withServer(new EmbeddedBackend(file), client -> {
            MongoCollection<Document> events = events(client);
            assertEveryKeyFound(client, EVENTS);
            assertThat(events.find(Filters.gt("_id", EVENTS - 6L)).sort(Sorts.ascending("_id")).map(d -> d.getLong("_id"))
                    .into(new ArrayList<>())).containsExactly(2995L, 2996L, 2997L, 2998L, 2999L);
            assertThatThrownBy(() -> events.insertOne(event(7).append("_id", -1L)))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            assertThatThrownBy(() -> events.insertOne(event(8)))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            events.insertMany(LongStream.range(EVENTS, EVENTS + 1_000).mapToObj(EmbeddedBackendTest::event).toList());
            events.deleteOne(Filters.eq("_id", 42L));
            views(client).replaceOne(Filters.eq("_id", viewId(7)), view(7).append("note", "edited 改"));
            return null;
        });

        withServer(new EmbeddedBackend(file), client -> {
            MongoCollection<Document> events = events(client);
            assertThat(events.find(Filters.eq("stream", streamKey(42))).first()).isNull();
            assertThat(events.countDocuments()).isEqualTo(EVENTS + 1_000 - 1);
            for (long i = 0; i < EVENTS + 1_000; i++) {
                if (i != 42) {
                    assertThat(field(events.find(Filters.eq("stream", streamKey(i))).first(), "_id")).as("event %d", i)
                            .isEqualTo(i);
                }
            }
            assertThat(views(client).find(Filters.eq("_id", viewId(7))).first().getString("note")).isEqualTo("edited 改");
            return null;
        });
    }

    @Test
    void theStockBackendsIndexesAreRewrittenOnceWithCompactKeysAndTheirMapsRemoved() {
        Path file = dir.resolve("store.mv");
        writeWithTheStockBackend(file);
        List<String> stock = List.of("margin.events._index__id_", "margin.events._index_stream_1", "margin.views._index__id_");
        assertThat(mapNames(file)).containsAll(stock);

        withServer(new EmbeddedBackend(file), client -> {
            assertEveryKeyFound(client, EVENTS);
            return null;
        });
        assertThat(mapNames(file)).doesNotContainAnyElementsOf(stock)
                .contains("margin.events._keys__id_", "margin.events._keys_stream_1", "margin.views._keys__id_")
                .noneMatch(n -> n.endsWith(".partial"));
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            MVMap<StoredKey, Object> keys = store.openMap("margin.events._keys_stream_1",
                    new MVMap.Builder<StoredKey, Object>().keyType(new StoredKeyType()).valueType(new ObjectDataType()));
            assertThat(keys.sizeAsLong()).isEqualTo(EVENTS);
            assertThat(keys.get(StoredKey.of(new KeyValue(streamKey(42))))).isEqualTo(42L);
        } finally {
            store.close();
        }
    }

    @Test
    void aRewriteCutShortIsMadeAgainAndAFinishedOneIsKept() {
        Path file = dir.resolve("store.mv");
        writeWithTheStockBackend(file);
        Path stockCopy = dir.resolve("stock.mv");
        copy(file, stockCopy);

        // a crash while copying: part of the copy is in the file under its temporary name
        MVStore store = MVStore.open(file.toString());
        MVMap<StoredKey, Object> partial = store.openMap("margin.events._keys_stream_1.partial",
                new MVMap.Builder<StoredKey, Object>().keyType(new StoredKeyType()).valueType(new ObjectDataType()));
        partial.put(StoredKey.of(new KeyValue(streamKey(7))), 8.0);
        partial.put(StoredKey.of(new KeyValue("doc-none")), 1.0);
        store.close();
        withServer(new EmbeddedBackend(file), client -> {
            assertEveryKeyFound(client, EVENTS);
            events(client).insertOne(event(EVENTS));
            return null;
        });
        assertThat(mapNames(file)).noneMatch(n -> n.endsWith(".partial"));
        store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        MVMap<StoredKey, Object> rewritten = store.openMap("margin.events._keys_stream_1",
                new MVMap.Builder<StoredKey, Object>().keyType(new StoredKeyType()).valueType(new ObjectDataType()));
        assertThat(rewritten.sizeAsLong()).isEqualTo(EVENTS + 1);
        assertThat(rewritten.containsKey(StoredKey.of(new KeyValue("doc-none")))).isFalse();
        store.close();

        // a crash after the copy was renamed and before the stock map was removed: the copy, which has
        // since taken a new key, is kept, and the stock map, which has not, is removed
        MVStore stale = new MVStore.Builder().fileName(stockCopy.toString()).readOnly().open();
        store = MVStore.open(file.toString());
        MVMap<Object, Object> from = stale.openMap("margin.events._index_stream_1");
        MVMap<Object, Object> to = store.openMap("margin.events._index_stream_1");
        to.putAll(from);
        stale.close();
        store.close();
        withServer(new EmbeddedBackend(file), client -> {
            assertEveryKeyFound(client, EVENTS);
            assertThat(field(events(client).find(Filters.eq("stream", streamKey(EVENTS))).first(), "_id")).isEqualTo((long) EVENTS);
            return null;
        });
        assertThat(mapNames(file)).doesNotContain("margin.events._index_stream_1");
    }

    @Test
    void aStoreWrittenByTheEmbeddedBackendIsReadKeyByKeyAfterARestart() {
        Path file = dir.resolve("store.mv");
        withServer(new EmbeddedBackend(file), client -> {
            events(client).createIndex(Indexes.ascending("stream"), new IndexOptions().unique(true));
            for (long i = 0; i < EVENTS; i += 100) {
                long from = i;
                events(client).insertMany(LongStream.range(from, from + 100).mapToObj(EmbeddedBackendTest::event).toList());
            }
            views(client).insertMany(LongStream.range(0, 500).mapToObj(EmbeddedBackendTest::view).toList());
            return null;
        });
        withServer(new EmbeddedBackend(file), client -> {
            assertEveryKeyFound(client, EVENTS);
            return null;
        });
    }

    @Test
    void aCollectionsDataSizeIsTheBsonSizeOfItsDocumentsAfterInsertsUpdatesAndDeletes() {
        Path file = dir.resolve("store.mv");
        withServer(new EmbeddedBackend(file), client -> {
            views(client).insertMany(LongStream.range(0, 200).mapToObj(EmbeddedBackendTest::view).toList());
            views(client).replaceOne(Filters.eq("_id", viewId(7)), view(7).append("note", "edited 改 🧭".repeat(40)));
            views(client).updateOne(Filters.eq("_id", viewId(8)), new Document("$set", new Document("n", "八")));
            views(client).deleteMany(Filters.lt("n", 5));
            assertThat(dataSize(client)).isEqualTo(bsonSize(client)).isGreaterThan(0);
            return null;
        });
        withServer(new EmbeddedBackend(file), client -> {
            assertThat(dataSize(client)).isEqualTo(bsonSize(client));
            views(client).drop();
            assertThat(dataSize(client)).isZero();
            return null;
        });
    }

    /**
     * The server changes a stored document in place to update it; what each commit writes, and what a
     * restart reads, is the document after every kind of update, and its neighbours on the page as they were.
     */
    @Test
    void everyKindOfUpdateIsOnFileAfterARestartAndTheDocumentsBesideItAreUnchanged() {
        Path file = dir.resolve("store.mv");
        Map<String, Document> expected = new LinkedHashMap<>();
        EmbeddedBackend backend = new EmbeddedBackend(file, true);
        withServer(backend, client -> {
            MongoCollection<Document> views = views(client);
            List<Document> inserted = LongStream.range(0, 300).mapToObj(n -> view(n).append("tags", new ArrayList<>(List.of("研究"))))
                    .toList();
            views.insertMany(inserted);
            inserted.forEach(d -> expected.put(d.getString("_id"), new Document(d)));
            backend.commitWritten();
            List<Runnable> updates = List.of(
                    () -> views.updateOne(Filters.eq("_id", viewId(7)), Updates.set("note", "改 🧭")),
                    () -> views.updateOne(Filters.eq("_id", viewId(8)), Updates.inc("n", 1_000L)),
                    () -> views.updateOne(Filters.eq("_id", viewId(9)), Updates.push("tags", "注释")),
                    () -> views.updateOne(Filters.eq("_id", viewId(10)), Updates.unset("tags")),
                    () -> views.replaceOne(Filters.eq("_id", viewId(11)), new Document("_id", viewId(11)).append("whole", "新")),
                    () -> views.findOneAndUpdate(Filters.eq("_id", viewId(12)), Updates.set("n", -12L)),
                    () -> views.updateOne(Filters.eq("_id", "upserted/🧭"), Updates.set("n", 1L), new UpdateOptions().upsert(true)),
                    () -> views.updateMany(Filters.gte("n", 290L), Updates.set("late", true)),
                    () -> views.deleteOne(Filters.eq("_id", viewId(13))),
                    () -> views.updateOne(Filters.eq("_id", viewId(7)), Updates.set("note", "改 again")));
            for (Runnable update : updates) {
                update.run();
                backend.commitWritten();
            }
            expected.get(viewId(7)).append("note", "改 again");
            expected.get(viewId(8)).append("n", 1_008L).append("late", true);
            expected.get(viewId(9)).put("tags", List.of("研究", "注释"));
            expected.get(viewId(10)).remove("tags");
            expected.put(viewId(11), new Document("_id", viewId(11)).append("whole", "新"));
            expected.get(viewId(12)).put("n", -12L);
            expected.put("upserted/🧭", new Document("_id", "upserted/🧭").append("n", 1L));
            LongStream.range(290, 300).forEach(n -> expected.get(viewId(n)).append("late", true));
            expected.remove(viewId(13));
            assertThat(byId(views)).isEqualTo(expected);
            return null;
        });
        withServer(new EmbeddedBackend(file), client -> {
            assertThat(byId(views(client))).isEqualTo(expected);
            return null;
        });
    }

    private static Map<String, Document> byId(MongoCollection<Document> collection) {
        Map<String, Document> documents = new LinkedHashMap<>();
        collection.find().forEach(d -> documents.put(d.getString("_id"), d));
        return documents;
    }

    @Test
    void droppedIndexesCollectionsAndDatabasesLeaveNoMapsAndARenamedCollectionKeepsItsDocuments() {
        Path file = dir.resolve("store.mv");
        EmbeddedBackend backend = new EmbeddedBackend(file);
        withServer(backend, client -> {
            MongoCollection<Document> notes = client.getDatabase("margin").getCollection("notes");
            notes.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            notes.insertMany(List.of(new Document("_id", "a").append("key", "研究"), new Document("_id", "b").append("key", "🧭")));
            assertThatThrownBy(() -> notes.insertOne(new Document("_id", "c").append("key", "研究")))
                    .isInstanceOf(MongoWriteException.class);
            assertThat(backend.getMvStore().getMapNames()).contains("margin.notes._keys_key_1");

            notes.dropIndex("key_1");
            notes.insertOne(new Document("_id", "c").append("key", "研究"));
            assertThat(backend.getMvStore().getMapNames()).doesNotContain("margin.notes._keys_key_1");

            notes.renameCollection(new com.mongodb.MongoNamespace("margin", "kept"));
            assertThat(client.getDatabase("margin").getCollection("kept").find(Filters.eq("_id", "b")).first())
                    .containsEntry("key", "🧭");
            assertThat(client.getDatabase("margin").getCollection("notes").countDocuments()).isZero();

            client.getDatabase("margin").getCollection("gone").insertOne(new Document("_id", 1));
            client.getDatabase("margin").getCollection("gone").drop();
            client.getDatabase("scratch").getCollection("any").insertOne(new Document("_id", 1));
            client.getDatabase("scratch").drop();
            assertThat(backend.getMvStore().getMapNames())
                    .noneMatch(n -> n.contains("margin.gone") || n.contains("scratch"));
            return null;
        });
        withServer(new EmbeddedBackend(file), client -> {
            assertThat(client.getDatabase("margin").getCollection("kept").countDocuments()).isEqualTo(3);
            assertThat(client.getDatabase("margin").listCollectionNames().into(new ArrayList<>()))
                    .doesNotContain("gone", "notes");
            assertThat(client.listDatabaseNames().into(new ArrayList<>())).doesNotContain("scratch");
            return null;
        });
    }

    @Test
    void whenConcurrentCallersCommitEveryWriteTheyMadeIsInTheFile() throws Exception {
        Path file = dir.resolve("store.mv");
        EmbeddedBackend backend = new EmbeddedBackend(file, true);
        withServer(backend, client -> {
            MongoCollection<Document> notes = client.getDatabase("margin").getCollection("notes");
            ExecutorService writers = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    done.add(writers.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            notes.insertOne(new Document("_id", writer + "-" + i).append("text", "注释 🧭 " + i));
                            backend.commitWritten();
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                writers.shutdownNow();
            }
            // what a killed process leaves: the file as it is now, with no closing commit
            copy(file, dir.resolve("copy.mv"));
            return null;
        });
        withServer(new EmbeddedBackend(dir.resolve("copy.mv")), client -> {
            MongoCollection<Document> notes = client.getDatabase("margin").getCollection("notes");
            assertThat(notes.countDocuments()).isEqualTo(400);
            assertThat(notes.find(Filters.eq("_id", "7-49")).first()).containsEntry("text", "注释 🧭 49");
            return null;
        });
    }

    /**
     * A thread interrupted while it commits (a caller's commit runs on the caller's thread, which a
     * processor shutting down, or Axon's handler time limits where turned on, can interrupt) leaves the
     * store open and its writes on file: an interrupt during a file operation closes a plain file channel,
     * and H2 closes the store with it. H2's retry file system reopens the channel and repeats the
     * operation up to 20 times, so the interrupts here come every tenth insert: one after every insert
     * (thousands a second) could interrupt one write more than 20 times and did, once in a full run.
     */
    @Test
    void aCallerInterruptedWhileCommittingLeavesTheStoreOpenAndItsWritesOnFile() throws Exception {
        Path file = dir.resolve("store.mv");
        EmbeddedBackend backend = new EmbeddedBackend(file, true);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread committer = new Thread(() -> {
            while (!stop.get()) {
                try {
                    backend.commitWritten();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    return;
                }
            }
        });
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            committer.start();
            MongoCollection<Document> events = events(client);
            for (long i = 0; i < 2_000; i++) {
                events.insertOne(event(i));
                if (i % 10 == 0) {
                    committer.interrupt();
                }
            }
            stop.set(true);
            committer.join();
            assertThat(failure.get()).as("a commit that failed").isNull();
            assertThat(backend.getMvStore().isClosed()).isFalse();
            events.insertOne(event(2_000));
            backend.commitWritten();
        } finally {
            stop.set(true);
            server.shutdownNow();
            backend.close();
        }
        withServer(new EmbeddedBackend(file), client -> {
            assertThat(events(client).countDocuments()).isEqualTo(2_001);
            return null;
        });
    }

    private static void writeWithTheStockBackend(Path file) {
        withServer(new H2Backend(file.toString()), client -> {
            events(client).createIndex(Indexes.ascending("stream"), new IndexOptions().unique(true));
            events(client).insertMany(LongStream.range(0, EVENTS).mapToObj(EmbeddedBackendTest::event).toList());
            views(client).insertMany(LongStream.range(0, 500).mapToObj(EmbeddedBackendTest::view).toList());
            return null;
        });
    }

    private static List<String> mapNames(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return new ArrayList<>(store.getMapNames());
        } finally {
            store.close();
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertEveryKeyFound(MongoClient client, int events) {
        MongoCollection<Document> collection = events(client);
        for (long i = 0; i < events; i++) {
            assertThat(field(collection.find(Filters.eq("stream", streamKey(i))).first(), "_id"))
                    .as("event %d by stream", i).isEqualTo(i);
            assertThat(collection.find(Filters.eq("_id", i)).first()).as("event %d by id", i).isNotNull();
        }
        List<Long> some = List.of(3L, 1_000L, 2_999L, 77_777L);
        assertThat(collection.find(Filters.in("_id", some)).map(d -> d.getLong("_id")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder(3L, 1_000L, 2_999L);
        for (long i = 0; i < 500; i++) {
            assertThat(field(views(client).find(Filters.eq("_id", viewId(i))).first(), "n")).as("view %d", i).isEqualTo(i);
        }
    }

    private static Object field(Document document, String name) {
        return document == null ? null : document.get(name);
    }

    private static <T> T withServer(H2Backend backend, Function<MongoClient, T> work) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            return work.apply(client);
        } finally {
            server.shutdownNow();
            backend.commit();
            backend.close();
        }
    }

    private static int dataSize(MongoClient client) {
        return client.getDatabase("margin").runCommand(new Document("collStats", "views")).getInteger("size");
    }

    /** The views' documents as the client reads them, BSON bytes counted. */
    private static int bsonSize(MongoClient client) {
        return client.getDatabase("margin").getCollection("views", RawBsonDocument.class).find()
                .map(d -> d.getByteBuffer().remaining()).into(new ArrayList<>()).stream().mapToInt(Integer::intValue).sum();
    }

    private static MongoCollection<Document> events(MongoClient client) {
        return client.getDatabase("margin").getCollection("events");
    }

    private static MongoCollection<Document> views(MongoClient client) {
        return client.getDatabase("margin").getCollection("views");
    }

    private static Document event(long position) {
        return new Document("_id", position).append("stream", streamKey(position)).append("payload", "{\"n\":" + position + "}");
    }

    /** Keys of varied length and script, so the stored order is not the numeric one. */
    private static String streamKey(long position) {
        return "doc-" + (position % 37) + (position % 3 == 0 ? "-研究🧭" : "") + "#" + position;
    }

    private static String viewId(long n) {
        return "document-" + (n % 11) + "/note-" + n + (n % 2 == 0 ? "-注释" : "");
    }

    private static Document view(long n) {
        return new Document("_id", viewId(n)).append("n", n);
    }
}
