package org.margin.storage.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * The embedded store's backend: mongo-java-server's H2 backend, same file format, with unique indexes
 * whose keys are compared as stored bytes ({@link SerializedKey}). Every lookup by {@code _id} or by any
 * unique key goes through one of them, and the stock index spent most of a lookup serializing keys.
 */
public final class EmbeddedBackend extends H2Backend {

    public EmbeddedBackend(Path file) {
        super(MVStore.open(file.toString()));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
        return new EmbeddedDatabase(name, getMvStore(), getCursorRegistry());
    }
}
