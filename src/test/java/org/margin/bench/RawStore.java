package org.margin.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.UUID;
import org.margin.storage.embedded.EmbeddedBackend;
import org.margin.support.TempStores;

/**
 * The raw baselines' store: the backend of the app's embedded store, in a folder of its own, committed the
 * way the app commits a command ({@link EmbeddedBackend#commitWritten()}, on the caller's thread). With
 * {@code -Dmargin.bench.mongodb-uri=URI}, a database of its own on that MongoDB server instead, written
 * with the app's write concern there (majority, journaled), and dropped afterwards. With
 * {@code -Dmargin.bench.raw-backend=h2-writer}, the same backend with H2's own background writer and a plain
 * commit, as the baselines recorded before 2026-11-30 (morning) used; with {@code stock}, mongo-java-server's
 * own H2 backend, as those recorded before the embedded backend of ADR 0006.
 */
final class RawStore {

    /** A MongoDB server for the app and the raw baselines, instead of the embedded store; blank: none. */
    static final String MONGODB_URI = System.getProperty("margin.bench.mongodb-uri", "").strip();

    private RawStore() {
    }

    static boolean onMongoDbServer() {
        return !MONGODB_URI.isEmpty();
    }

    /** Which store the app and the baselines use, for a benchmark's first line. */
    static String describe() {
        return onMongoDbServer() ? "MongoDB server " + new ConnectionString(MONGODB_URI).getHosts()
                + ", majority journaled writes" : "embedded store, H2 commit after each command";
    }

    /** A database name of its own on the MongoDB server, for one run. */
    static String databaseName(String name) {
        return "margin_bench_" + name.replace('-', '_') + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The app's client settings for the MongoDB server: majority, journaled writes, as {@code MongoConfig}'s. */
    static MongoClientSettings serverSettings() {
        return MongoClientSettings.builder().applyConnectionString(new ConnectionString(MONGODB_URI))
                .writeConcern(WriteConcern.MAJORITY.withJournal(true)).build();
    }

    /**
     * What runs against a raw store: its backend, to commit (null on a MongoDB server, where the write
     * concern makes each write durable), and the database to write in.
     */
    interface Work<T> {
        T run(H2Backend backend, MongoDatabase database) throws Exception;
    }

    /**
     * A fresh raw store in a folder of its own, served on a free local port while {@code work} runs; or a
     * fresh database on the MongoDB server of {@code -Dmargin.bench.mongodb-uri}.
     */
    static <T> T served(String name, Work<T> work) throws Exception {
        if (onMongoDbServer()) {
            try (MongoClient client = MongoClients.create(serverSettings())) {
                MongoDatabase database = client.getDatabase(databaseName(name));
                try {
                    return work.run(null, database);
                } finally {
                    database.drop();
                }
            }
        }
        H2Backend backend = backend(TempStores.create(name));
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            return work.run(backend, client.getDatabase("raw"));
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    static H2Backend backend(Path dir) {
        Path file = dir.resolve("raw.mv");
        return switch (System.getProperty("margin.bench.raw-backend", "embedded")) {
            case "stock" -> new H2Backend(file.toString());
            case "h2-writer" -> new EmbeddedBackend(file, false);
            default -> new EmbeddedBackend(file, true);
        };
    }

    /** Makes every write so far durable, as a command's commit does; nothing to do on a MongoDB server. */
    static void commit(H2Backend backend) {
        if (backend == null) {
            return;
        }
        if (backend instanceof EmbeddedBackend embedded && embedded.getMvStore().getAutoCommitDelay() == 0) {
            embedded.commitWritten();
        } else {
            backend.commit();
        }
    }
}
