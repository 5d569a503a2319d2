package org.margin.storage;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The thread that takes aggregate snapshots, so no command waits for one. A snapshot reads the
 * aggregate's events back and serialises its whole state: tens of milliseconds for a document with a
 * few hundred notes. Taken on the command's thread, it held up every hundredth command of each document.
 * The queue needs no bound: the snapshotter schedules at most one snapshot per aggregate at a time.
 */
final class BackgroundSnapshots implements Executor, AutoCloseable {

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "snapshots");
                thread.setDaemon(true);
                return thread;
            });

    /** Runs {@code task} on the snapshots' thread; once closed, drops it (a command's answer never fails for it). */
    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            // the app is stopping; the snapshot is taken a hundred events later
        }
    }

    /** Drops the snapshots not yet begun (each is taken again a hundred events later) and lets the running one end. */
    @Override
    public void close() throws InterruptedException {
        executor.getQueue().clear();
        // not shutdownNow: a snapshot interrupted halfway is work lost, and it is taken again anyway
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
