package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's flush: every acknowledged write reaches the file, with commits shared when they overlap. */
class EmbeddedMongoTest {

    @TempDir
    Path dir;

    @Test
    void aFlushAfterEachWriteCommitsEachTimeWhenWritersTakeTurns() {
        try (EmbeddedMongo store = new EmbeddedMongo(dir, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> notes = client.getDatabase("t").getCollection("notes");
            for (int i = 0; i < 5; i++) {
                notes.insertOne(new Document("_id", i));
                store.flush();
            }
            assertThat(store.commits()).isEqualTo(5);
        }
    }

    @Test
    void concurrentWritersShareCommitsAndEveryWriteIsInTheFile() throws Exception {
        int writers = 8;
        int each = 40;
        long commits;
        try (EmbeddedMongo store = new EmbeddedMongo(dir, 0, true);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> notes = client.getDatabase("t").getCollection("notes");
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        notes.insertOne(new Document("_id", writer * 1_000 + i).append("text", "写 🧭 " + i));
                        store.flush();
                    }
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            commits = store.commits();
        }
        assertThat(commits).isBetween(1L, (long) writers * each);
        try (EmbeddedMongo reopened = new EmbeddedMongo(dir, 0, true);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            assertThat(client.getDatabase("t").getCollection("notes").countDocuments()).isEqualTo((long) writers * each);
        }
    }
}
