package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margin.storage.embedded.EmbeddedBackend;

/**
 * With a commit per command, the embedded store commits only when asked, on the asking thread; writes
 * that no command commits (the processors' views and tokens) are committed in the background.
 */
class EmbeddedMongoTest {

    @TempDir
    Path dir;

    @Test
    void aWriteNoCommandCommitsReachesTheFileWithinSeconds() throws Exception {
        try (EmbeddedMongo store = new EmbeddedMongo(dir.resolve("data"), 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            client.getDatabase("margin").getCollection("views").insertOne(new Document("_id", "v").append("text", "视图 🧭"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            Document found = null;
            while (found == null && System.nanoTime() < deadline) {
                Thread.sleep(200);
                found = findInCopy("views", "v");
            }
            assertThat(found).as("the write in a copy of the file, as a killed process would leave it")
                    .isNotNull().containsEntry("text", "视图 🧭");
        }
    }

    @Test
    void aFlushedWriteIsInTheFileAtOnce() throws Exception {
        try (EmbeddedMongo store = new EmbeddedMongo(dir.resolve("data"), 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            client.getDatabase("margin").getCollection("events").insertOne(new Document("_id", 1L).append("n", 1));
            store.flush();
            assertThat(findInCopy("events", 1L)).containsEntry("n", 1);
        }
    }

    @Test
    void aCleanCloseRewritesAFileOfMostlyReplacedPagesAndKeepsEveryRecord() throws Exception {
        Path data = dir.resolve("data");
        Path file = data.resolve("margin.mv");
        String text = "段落 🧭 replaced page ".repeat(100);
        long grown;
        try (EmbeddedMongo store = new EmbeddedMongo(data, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            replaceRecords(store, client, text, () -> Files.size(file) < 24 << 20);
            grown = Files.size(file);
        }
        assertThat(grown).isGreaterThanOrEqualTo(24 << 20);
        assertThat(Files.size(file)).as("the file after a clean close").isLessThan(grown / 4);
        assertThat(data.resolve("margin.mv.rewrite")).doesNotExist();

        try (EmbeddedMongo store = new EmbeddedMongo(data, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            var views = client.getDatabase("margin").getCollection("views");
            assertThat(views.countDocuments()).isEqualTo(200);
            int lastVersion = views.find().into(new java.util.ArrayList<>()).stream()
                    .mapToInt(d -> d.getInteger("version")).max().orElseThrow();
            assertThat(lastVersion).isGreaterThan(200);
            Document last = views.find(new Document("version", lastVersion)).first();
            assertThat(last).containsEntry("_id", lastVersion % 200).containsEntry("text", text);
        }
    }

    @Test
    void aMostlyDeadFileThatAKilledProcessLeftIsRewrittenWhenTheStoreOpens() throws Exception {
        Path data = dir.resolve("data");
        Path left = dir.resolve("left");
        Files.createDirectories(left);
        String text = "killed 进程 🧭 ".repeat(150);
        try (EmbeddedMongo store = new EmbeddedMongo(data, 0, true, 60_000);
             MongoClient client = MongoClients.create(store.connectionString())) {
            replaceRecords(store, client, text, () -> Files.size(data.resolve("margin.mv")) < 24 << 20);
            // the file as a killed process leaves it: no close, no rewrite
            Files.copy(data.resolve("margin.mv"), left.resolve("margin.mv"));
        }
        long leftSize = Files.size(left.resolve("margin.mv"));
        assertThat(leftSize).isGreaterThanOrEqualTo(24 << 20);

        try (EmbeddedMongo store = new EmbeddedMongo(left, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            assertThat(Files.size(left.resolve("margin.mv"))).as("the file once the store has opened")
                    .isLessThan(leftSize / 4);
            var views = client.getDatabase("margin").getCollection("views");
            assertThat(views.countDocuments()).isEqualTo(200);
            assertThat(views.find(new Document("_id", 7)).first()).containsEntry("text", text);
        }
    }

    @Test
    void theSpaceOfChunksWithNoLivePageIsReusedOnceTheyAreOlderThanTheRetention() throws Exception {
        // reuse depends on the clock, not on the number of commits: the short retention's run lasts at
        // least 3 s (15 retentions, 3 background syncs) however fast the machine commits
        int[] commits = {0};
        long end = System.nanoTime() + 3_000_000_000L;
        long reused = fileAfterReplacements(dir.resolve("reused"), 200, () -> {
            boolean more = commits[0] < 3_000 || System.nanoTime() < end;
            commits[0] += more ? 1 : 0;
            return more;
        });
        int made = commits[0];
        int[] again = {0};
        long kept = fileAfterReplacements(dir.resolve("kept"), 60_000, () -> ++again[0] <= made);
        assertThat(reused).as("file with a 0.2 s retention against one with 60 s, after the same %d commits", made)
                .isLessThan(kept / 2);
    }

    /** The file's size after commits that each replace one of 200 records, with the file open. */
    private static long fileAfterReplacements(Path data, int retentionMillis, Condition more) throws Exception {
        String text = "chunk 🧭 块 ".repeat(100);
        try (EmbeddedMongo store = new EmbeddedMongo(data, 0, true, retentionMillis);
             MongoClient client = MongoClients.create(store.connectionString())) {
            replaceRecords(store, client, text, more);
            return Files.size(data.resolve("margin.mv"));
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Writes 200 records, then replaces them one at a time, each replacement committed, while the condition
     * holds (at most 20,000 times): every commit writes the changed pages anew and leaves the old ones dead.
     */
    private static void replaceRecords(EmbeddedMongo store, MongoClient client, String text, Condition more)
            throws Exception {
        var views = client.getDatabase("margin").getCollection("views");
        for (int i = 0; i < 200; i++) {
            views.insertOne(new Document("_id", i).append("version", 0).append("text", text));
        }
        store.flush();
        for (int version = 1; version < 20_000 && more.holds(); version++) {
            views.replaceOne(new Document("_id", version % 200),
                    new Document("_id", version % 200).append("version", version).append("text", text));
            store.flush();
        }
    }

    @Test
    void aSecondStoreOnTheSameDataFolderIsRefusedUntilTheFirstHasClosed() throws Exception {
        Path data = dir.resolve("data");
        EmbeddedMongo first = new EmbeddedMongo(data, 0, true);
        try (MongoClient client = MongoClients.create(first.connectionString())) {
            client.getDatabase("margin").getCollection("events").insertOne(new Document("_id", 1L).append("text", "第一"));
            first.flush();
            assertThatThrownBy(() -> new EmbeddedMongo(data, 0, true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another Margin process");
        } finally {
            first.close();
        }
        try (EmbeddedMongo second = new EmbeddedMongo(data, 0, true);
             MongoClient client = MongoClients.create(second.connectionString())) {
            assertThat(client.getDatabase("margin").getCollection("events").find().first()).containsEntry("text", "第一");
        }
    }

    @Test
    void aCopyThatAnInterruptedRewriteLeftIsDeletedAndTheFileStillOpens() throws Exception {
        Path data = dir.resolve("data");
        try (EmbeddedMongo store = new EmbeddedMongo(data, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            client.getDatabase("margin").getCollection("events").insertOne(new Document("_id", 1L).append("text", "事件"));
            store.flush();
        }
        Files.write(data.resolve("margin.mv.rewrite"), new byte[4096]);
        try (EmbeddedMongo store = new EmbeddedMongo(data, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            assertThat(data.resolve("margin.mv.rewrite")).doesNotExist();
            assertThat(client.getDatabase("margin").getCollection("events").find().first())
                    .containsEntry("text", "事件");
        }
    }

    private Document findInCopy(String collection, Object id) throws IOException {
        Path copy = dir.resolve("copy.mv");
        Files.copy(dir.resolve("data").resolve("margin.mv"), copy, StandardCopyOption.REPLACE_EXISTING);
        EmbeddedBackend backend = new EmbeddedBackend(copy);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            return client.getDatabase("margin").getCollection(collection).find(new Document("_id", id)).first();
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }
}
