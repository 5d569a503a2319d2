package org.margin.storage;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.margin.storage.embedded.EmbeddedBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process MongoDB-wire server of the embedded default: H2 file backend ({@link EmbeddedBackend}),
 * loopback only. Everything talks to it through the real MongoDB driver, exactly as it would to a real server.
 */
public final class EmbeddedMongo implements MongoEndpoint, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final EmbeddedBackend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final boolean commitEachWrite;

    public EmbeddedMongo(Path dataDir, int port, boolean commitEachWrite) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data folder " + dataDir.toAbsolutePath(), e);
        }
        Path file = dataDir.resolve("margin.mv");
        this.backend = new EmbeddedBackend(file);
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        this.address = server.getLocalAddress();
        this.commitEachWrite = commitEachWrite;
        log.info("Embedded MongoDB store {} listening on {}", file.toAbsolutePath(), connectionString());
    }

    @Override
    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public boolean embedded() {
        return true;
    }

    /** Writes everything accepted so far to the H2 file (a write to the OS, which survives a killed JVM). */
    @Override
    public void flush() {
        if (commitEachWrite) {
            backend.commitWritten();
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
        backend.commit();
        backend.getMvStore().compactFile(2_000);
        backend.close();
        log.info("Embedded MongoDB store closed");
    }
}
