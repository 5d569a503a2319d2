package org.margin.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import java.nio.file.Path;
import java.util.UUID;
import org.margin.storage.EmbeddedMongo;

/**
 * A database for a storage test, reached through the real driver: on a fresh embedded store in
 * {@code dir}, or, with MONGODB_URI set, a database of its own on that server, dropped afterwards.
 */
public final class TestStore implements AutoCloseable {

    private final EmbeddedMongo embedded;
    private final MongoClient client;
    public final MongoDatabase database;

    public TestStore(Path dir, String prefix) {
        this(dir, prefix, null);
    }

    /** As {@link #TestStore(Path, String)}, with a listener told of every command the client sends. */
    public TestStore(Path dir, String prefix, CommandListener listener) {
        String uri = System.getenv("MONGODB_URI");
        if (uri == null || uri.isBlank()) {
            embedded = new EmbeddedMongo(dir, 0, false);
            uri = embedded.connectionString();
        } else {
            embedded = null;
        }
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri));
        if (listener != null) {
            settings.addCommandListener(listener);
        }
        client = MongoClients.create(settings.build());
        database = client.getDatabase(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void close() {
        if (embedded == null) {
            database.drop();
        }
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
