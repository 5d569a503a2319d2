package org.margin.bench;

import java.util.concurrent.TimeUnit;

/** Open-loop arrivals: wait until a scheduled instant without busy-spinning a core the app needs. */
final class Pacing {

    private Pacing() {
    }

    /** Sleeps until shortly before {@code due} ({@link System#nanoTime()}), then spins the last 100 µs. */
    static void until(long due) throws InterruptedException {
        long wait = due - System.nanoTime();
        if (wait > 200_000) {
            TimeUnit.NANOSECONDS.sleep(wait - 100_000);
        }
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }
}
