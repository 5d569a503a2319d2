package org.margin.storage;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.margin.storage.embedded.EmbeddedBackend;
import org.margin.storage.embedded.StoreFileRewrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process MongoDB-wire server of the embedded default: H2 file backend ({@link EmbeddedBackend}),
 * loopback only. Everything talks to it through the real MongoDB driver, exactly as it would to a real server.
 */
public final class EmbeddedMongo implements MongoEndpoint, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
    /** On a clean close, or on opening, a file whose live pages take less than this share is rewritten. */
    private static final int REWRITE_BELOW_LIVE_PERCENT = 50;
    private static final long REWRITE_FROM_BYTES = 16L << 20;
    /**
     * How long H2 keeps a chunk that holds no live page before it writes over it. H2's default, 45 s,
     * assumes that nothing forces the file to the disk and the system writes it back within that time.
     * Here the background writer forces it every second, so a chunk is written over only once the commits
     * that replaced its pages have been on the disk for several seconds; and under load the file holds
     * about 10 s of commits instead of 45.
     */
    static final int RETENTION_MILLIS = 10_000;

    private final Path file;
    private final FileLock folderLock;
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
        this(dataDir, port, commitEachWrite, RETENTION_MILLIS);
    }

    EmbeddedMongo(Path dataDir, int port, boolean commitEachWrite, int retentionMillis) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data folder " + dataDir.toAbsolutePath(), e);
        }
        this.file = dataDir.resolve("margin.mv");
        this.folderLock = lockFolder(dataDir);
        try {
            StoreFileRewrite.deleteLeftover(file);
            rewriteIfLeftMostlyDead();
            this.backend = new EmbeddedBackend(file, commitEachWrite);
            this.server = new MongoServer(backend);
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            release(folderLock);
            throw e;
        }
        this.address = server.getLocalAddress();
        this.commitEachWrite = commitEachWrite;
        if (commitEachWrite) {
            backend.getMvStore().setRetentionTime(retentionMillis);
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
            // on the disk, not only handed to the system: what a power cut can take is the last second
            backend.getMvStore().sync();
            backend.compactSome();
        } catch (RuntimeException e) {
            log.warn("Background write of the embedded store failed; the next commit retries", e);
        }
    }

    @Override
    public void close() {
        // not shutdownNow: the running write ends on its own, and the close below commits what is left
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int live = backend.liveShare();
        // stops the server and closes its backend, whose store commits what is left and closes the file
        server.shutdownNow();
        log.info("Embedded MongoDB store closed; live pages take about {} % of its file", live);
        rewriteIfMostlyDead(live);
        release(folderLock);
    }

    /**
     * Holds the data folder for this process from before the store opens until after the file's rewrite on
     * close. H2 locks its file only while the store is open; a second process that opened it between the
     * close and the rename of the rewritten copy would write into a file that no longer has a name.
     */
    private static FileLock lockFolder(Path dataDir) {
        Path lockFile = dataDir.resolve("margin.lock");
        FileLock lock;
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("The data folder " + dataDir.toAbsolutePath()
                        + " is in use by another Margin process (" + lockFile.getFileName() + " is locked)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the data folder " + dataDir.toAbsolutePath(), e);
        }
        return lock;
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            log.warn("Releasing the data folder's lock failed; the process's exit releases it", e);
        }
    }

    /** A file that a process left without a clean stop (killed, or the machine went down) is rewritten here. */
    private void rewriteIfLeftMostlyDead() {
        try {
            if (Files.exists(file) && Files.size(file) >= REWRITE_FROM_BYTES) {
                rewriteIfMostlyDead(StoreFileRewrite.liveShare(file));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not read how much of the embedded store file is live; it is opened as it is", e);
        }
    }

    /**
     * Under a steady stream of commits, H2 leaves replaced pages in their chunks and freed chunks as gaps
     * in the file, and does not shrink it while it is open (measured: a file of 1.4 GB holding about
     * 110 MB of live pages after 30,000 commands). It is rewritten while nothing has it open.
     */
    private void rewriteIfMostlyDead(int livePercent) {
        try {
            long before = Files.size(file);
            if (livePercent >= REWRITE_BELOW_LIVE_PERCENT || before < REWRITE_FROM_BYTES) {
                return;
            }
            long started = System.nanoTime();
            long after = StoreFileRewrite.rewrite(file);
            log.info("Embedded store file rewritten with its live pages only: {} MB to {} MB in {} ms",
                    before >> 20, after >> 20, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("Rewriting the embedded store file failed; the file is kept as it was", e);
        }
    }
}
