package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundSnapshotsTest {

    @Test
    void aSnapshotRunsOnItsOwnThreadAndClosingLetsTheRunningOneEndButDropsTheRest() throws Exception {
        BackgroundSnapshots snapshots = new BackgroundSnapshots();
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean queuedRan = new AtomicBoolean();
        snapshots.execute(() -> {
            thread.set(Thread.currentThread().getName());
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            finished.set(true);
        });
        snapshots.execute(() -> queuedRan.set(true));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        Thread closing = new Thread(() -> {
            try {
                snapshots.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closing.start();
        // close() has dropped the queue and waits for the running snapshot
        await().atMost(Duration.ofSeconds(5)).until(() -> closing.getState() == Thread.State.TIMED_WAITING);
        release.countDown();
        closing.join(5_000);

        assertThat(thread.get()).isEqualTo("snapshots");
        assertThat(finished).isTrue();
        assertThat(interrupted).as("an interrupt in a file read would close the embedded store").isFalse();
        assertThat(queuedRan).as("a snapshot not yet begun is dropped").isFalse();
        snapshots.execute(() -> queuedRan.set(true));   // after close: dropped, not thrown to the command
        assertThat(queuedRan).isFalse();
    }

    @Test
    void afterEachSnapshotTheThreadRestsThreeTimesAsLongAsItTook() throws Exception {
        BackgroundSnapshots snapshots = new BackgroundSnapshots();
        long[] firstEnded = new long[1];
        long[] secondStarted = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        snapshots.execute(() -> {
            sleep(40);
            firstEnded[0] = System.nanoTime();
        });
        snapshots.execute(() -> {
            secondStarted[0] = System.nanoTime();
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        snapshots.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(secondStarted[0] - firstEnded[0]))
                .as("a snapshot of at least 40 ms is followed by a rest of at least 120 ms").isGreaterThanOrEqualTo(120);
    }

    @Test
    void closingEndsTheRestAfterASnapshot() throws Exception {
        BackgroundSnapshots snapshots = new BackgroundSnapshots();
        CountDownLatch snapshotDone = new CountDownLatch(1);
        snapshots.execute(() -> {
            sleep(400);   // rests 1 s (three times 400 ms, at most 1 s) after this
            snapshotDone.countDown();
        });
        assertThat(snapshotDone.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        snapshots.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("close() does not wait out the second-long rest").isLessThan(700);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
