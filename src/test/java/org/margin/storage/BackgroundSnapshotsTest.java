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
}
