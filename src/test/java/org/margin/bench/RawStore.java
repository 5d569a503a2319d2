package org.margin.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.margin.storage.embedded.EmbeddedBackend;
import org.margin.support.TempStores;

/**
 * The raw baselines' store: the backend of the app's embedded store, in a folder of its own, committed the
 * way the app commits a command ({@link EmbeddedBackend#commitWritten()}, on the caller's thread). With
 * {@code -Dmargin.bench.raw-backend=h2-writer}, the same backend with H2's own background writer and a plain
 * commit, as the baselines recorded before 2026-11-30 (morning) used; with {@code stock}, mongo-java-server's
 * own H2 backend, as those recorded before the embedded backend of ADR 0006.
 */
final class RawStore {

    private RawStore() {
    }

    /** What runs against a raw store: its backend, to commit, and a driver client connected to it. */
    interface Work<T> {
        T run(H2Backend backend, MongoClient client) throws Exception;
    }

    /** A fresh raw store in a folder of its own, served on a free local port while {@code work} runs. */
    static <T> T served(String name, Work<T> work) throws Exception {
        H2Backend backend = backend(TempStores.create(name));
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            return work.run(backend, client);
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

    /** Makes every write so far durable, as a command's commit does. */
    static void commit(H2Backend backend) {
        if (backend instanceof EmbeddedBackend embedded && embedded.getMvStore().getAutoCommitDelay() == 0) {
            embedded.commitWritten();
        } else {
            backend.commit();
        }
    }
}
