package org.margin.storage;

import java.util.concurrent.CountDownLatch;
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
 * <p>
 * After each snapshot the thread rests {@value #REST_FACTOR} times as long as the snapshot took (at most
 * {@value #MAX_REST_MILLIS} ms), so snapshots use at most a quarter of its time. Documents written in turn
 * reach their hundredth event together; fifty snapshots back to back took a core from the commands for
 * a second. A snapshot is only a shortcut for a later load, so it can wait.
 */
final class BackgroundSnapshots implements Executor, AutoCloseable {

    static final int REST_FACTOR = 3;
    static final long MAX_REST_MILLIS = 1_000;

    /** Opened by {@link #close()}: a rest ends at once, so stopping the app does not wait for it. */
    private final CountDownLatch closing = new CountDownLatch(1);
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
            executor.execute(() -> {
                long start = System.nanoTime();
                try {
                    task.run();
                } finally {
                    rest(System.nanoTime() - start);
                }
            });
        } catch (RejectedExecutionException closed) {
            // the app is stopping; the snapshot is taken at the next trigger
        }
    }

    private void rest(long tookNanos) {
        try {
            closing.await(Math.min(tookNanos * REST_FACTOR, TimeUnit.MILLISECONDS.toNanos(MAX_REST_MILLIS)),
                    TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Drops the snapshots not yet begun (each is taken again at its aggregate's next trigger) and lets the
     * running one end.
     */
    @Override
    public void close() throws InterruptedException {
        executor.getQueue().clear();
        closing.countDown();
        // not shutdownNow: a snapshot interrupted halfway is work lost, and it is taken again anyway
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
