package org.margin.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.margin.support.TempStores;

/**
 * The embedded store's file under a steady stream of commands: seeds a fresh store through the REST API
 * as {@link RebuildBenchmark} does (concurrent writers of notes, replies and edits over many documents),
 * prints the file's size every 10 s while they write and for 60 s after, while the processors catch up,
 * then once more after a clean stop of the app (SIGTERM), which rewrites a mostly dead file.
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.StoreFileBenchmark -Dexec.args="20000 100 8"</pre>
 * Arguments: commands (default 20,000), documents (default 100), concurrent writers (default 8).
 */
public final class StoreFileBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int writers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path data = TempStores.create("margin-store-file-bench");
        Path file = data.resolve("margin.mv");
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m")) {
            Seeding seeding = new Seeding(app.admin, documents);
            long t0 = System.nanoTime();
            double seconds = seeding.write(writers, events,
                    () -> print(file, "writing, %.0f s", (System.nanoTime() - t0) / 1e9));
            print(file, "%d commands in %.0f s (%.0f commands/s, %d writers)", events - documents, seconds,
                    (events - documents) / seconds, writers);
            for (int s = 10; s <= 60; s += 10) {
                Thread.sleep(10_000);
                print(file, "%d s after the last command", s);
            }
        }
        print(file, "after a clean stop");
    }

    private static void print(Path file, String what, Object... args) {
        try {
            System.out.printf(Locale.ROOT, "store file %,.0f MB: %s%n", Files.size(file) / 1e6,
                    String.format(Locale.ROOT, what, args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
