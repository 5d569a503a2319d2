package org.margin.storage;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "embedded-store-writer");
        thread.setDaemon(true);
        return thread;
    });

    public EmbeddedMongo(Path dataDir, int port, boolean commitEachWrite) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data folder " + dataDir.toAbsolutePath(), e);
        }
        Path file = dataDir.resolve("margin.mv");
        this.backend = new EmbeddedBackend(file, commitEachWrite);
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        this.address = server.getLocalAddress();
        this.commitEachWrite = commitEachWrite;
        if (commitEachWrite) {
            // what no command commits (the processors' writes) still reaches the file within a second
            writer.scheduleWithFixedDelay(this::writeInBackground, 1, 1, TimeUnit.SECONDS);
        }
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

    private void writeInBackground() {
        try {
            backend.commitWritten();
            backend.compactSome();
        } catch (RuntimeException e) {
            log.warn("Background write of the embedded store failed; the next commit retries", e);
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
        backend.commit();
        backend.getMvStore().compactFile(2_000);
        backend.close();
        log.info("Embedded MongoDB store closed");
    }
}
