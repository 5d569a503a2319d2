package org.margin.bench;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.margin.storage.embedded.EmbeddedBackend;

/**
 * The raw baselines' store: the backend of the app's embedded store, in a folder of its own. With
 * {@code -Dmargin.bench.raw-backend=stock}, mongo-java-server's own H2 backend instead, as the baselines
 * recorded before the embedded backend of ADR 0006 used.
 */
final class RawStore {

    private RawStore() {
    }

    static H2Backend backend(Path dir) {
        Path file = dir.resolve("raw.mv");
        return "stock".equals(System.getProperty("margin.bench.raw-backend"))
                ? new H2Backend(file.toString()) : new EmbeddedBackend(file);
    }
}
