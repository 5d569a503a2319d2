package org.margin.bench;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.margin.storage.embedded.EmbeddedBackend;

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
