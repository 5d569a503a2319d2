package org.margin.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.margin.support.ApiClient;
import org.margin.support.FreePorts;

/**
 * The packaged app in a JVM of its own, as the benchmarks drive it: a fixed heap, a data folder, admin
 * password {@value #PASSWORD}, no demo, its log in the data folder. It runs as the README runs it, from
 * {@code target/margin/} with its class archive, or from {@code target/margin.jar} when the build left out
 * the extracted copy.
 */
final class PackagedApp implements AutoCloseable {

    static final String PASSWORD = "bench-password";
    /**
     * The jar to run; {@code -Dmargin.jar=...} picks another build, to compare two builds run by run. A
     * class archive {@code margin.jsa} beside the jar is used too.
     */
    static final String JAR = Files.exists(Path.of("target/margin/margin.jar")) ? "target/margin/margin.jar"
            : "target/margin.jar";

    final Process process;
    final int port;
    final ApiClient admin;
    /** From process start to the health endpoint answering 200. */
    final long startupNanos;
    /** The app's database on the MongoDB server of {@code -Dmargin.bench.mongodb-uri}, dropped at close; or null. */
    private final String serverDatabase;

    private PackagedApp(Process process, int port, long startupNanos, String serverDatabase) {
        this.process = process;
        this.port = port;
        this.serverDatabase = serverDatabase;
        this.admin = new ApiClient("http://localhost:" + port, "admin", PASSWORD);
        this.startupNanos = startupNanos;
    }

    /**
     * Starts the app on the embedded store and waits until it is healthy: on a database of its own on the
     * MongoDB server of {@code -Dmargin.bench.mongodb-uri} where that is set, unless {@code settings} names
     * a MongoDB themselves.
     */
    static PackagedApp start(Path data, String heap, String... settings) throws Exception {
        return start(Path.of(System.getProperty("margin.jar", JAR)), data, heap, settings);
    }

    /** As {@link #start(Path, String, String...)}, from the given jar. */
    static PackagedApp start(Path jar, Path data, String heap, String... settings) throws Exception {
        int port = FreePorts.next();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, heap));
        String jvm = System.getProperty("margin.jvm", "");   // e.g. -XX:StartFlightRecording=... to profile a run
        if (!jvm.isBlank()) {
            command.addAll(List.of(jvm.trim().split("\\s+")));
        }
        Path archive = jar.resolveSibling("margin.jsa");
        if (Files.exists(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port, "--margin.data-dir=" + data, "--margin.admin-password=" + PASSWORD,
                "--margin.demo=false"));
        String serverDatabase = null;
        if (Arrays.stream(settings).noneMatch(s -> s.startsWith("--margin.mongodb-uri="))) {
            if (RawStore.onMongoDbServer()) {
                serverDatabase = RawStore.databaseName("app");
                command.addAll(List.of("--margin.mongodb-uri=" + RawStore.MONGODB_URI, "--margin.database=" + serverDatabase));
            } else {
                command.add("--margin.mongodb-uri=");
            }
        }
        command.addAll(List.of(settings));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(data, port).toFile()).start();
        ApiClient anonymous = new ApiClient("http://localhost:" + port, null, null);
        while (true) {
            try {
                if (anonymous.get("/actuator/health").status() == 200) {
                    return new PackagedApp(process, port, System.nanoTime() - started, serverDatabase);
                }
            } catch (RuntimeException starting) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the app did not start; see " + log(data, port));
            }
            Thread.sleep(50);
        }
    }

    /** Adds {@code count} ANNOTATOR members ({@code prefix0}, {@code prefix1}, ...) to a group; answers their API tokens. */
    List<String> annotators(String group, String prefix, int count) {
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            String name = prefix + u;
            admin.post("/api/users", Map.of("username", name, "password", "password-" + u, "displayName", "User " + u));
            admin.put("/api/groups/" + group + "/members/" + name, Map.of("role", "ANNOTATOR"));
            tokens.add(admin.as(name, "password-" + u).post("/api/tokens", Map.of("name", "bench")).json().get("token").asText());
        }
        return tokens;
    }

    /** CPU time the app's process has used so far, all its threads together. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /**
     * CPU time the app's JIT compiler threads have used so far, where Linux's {@code /proc} tells it
     * (empty elsewhere).
     */
    OptionalLong compilerCpuNanos() {
        return threadCpuNanos("C[12] Compiler.*");
    }

    /**
     * CPU time the app's threads whose names match {@code names} have used so far, where Linux's
     * {@code /proc} tells it (empty elsewhere): user and system clock ticks of each such thread alive now.
     * Linux keeps a thread's name to its first 15 characters.
     */
    OptionalLong threadCpuNanos(String names) {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return OptionalLong.empty();
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    if (Files.readString(thread.resolve("comm")).strip().matches(names)) {
                        String stat = Files.readString(thread.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime, stime
                    }
                } catch (IOException ended) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks * 10_000_000L);   // USER_HZ is 100 on Linux
    }

    /**
     * What the app's garbage collector has counted so far, from its metrics: bytes allocated in the young
     * generation (counted at each collection, so a figure over a phase is off by up to one young
     * generation), and the collections' pauses and their total time.
     */
    Gc gc() {
        return new Gc(statistic("jvm.gc.memory.allocated", "COUNT"), (long) statistic("jvm.gc.pause", "COUNT"),
                statistic("jvm.gc.pause", "TOTAL_TIME"));
    }

    private double statistic(String metric, String statistic) {
        ApiClient.Response r = admin.get("/actuator/metrics/" + metric);
        if (r.status() == 404) {
            return 0;   // nothing counted yet
        }
        for (var m : r.json().get("measurements")) {
            if (m.get("statistic").asText().equals(statistic)) {
                return m.get("value").asDouble();
            }
        }
        throw new IllegalStateException(metric + " has no " + statistic + ": " + r.text());
    }

    /** Garbage collection counted from the app's start; {@link #since} gives a phase's share. */
    record Gc(double allocatedBytes, long pauses, double pauseSeconds) {

        Gc since(Gc before) {
            return new Gc(allocatedBytes - before.allocatedBytes, pauses - before.pauses,
                    pauseSeconds - before.pauseSeconds);
        }

        /** Allocation per operation, pauses and their share of a phase of {@code seconds}. */
        String describe(long operations, double seconds) {
            return String.format(java.util.Locale.ROOT,
                    "%.1f kB allocated per operation, %d GC pauses, %.0f ms in all (%.1f %% of the phase), %.1f ms mean",
                    allocatedBytes / 1e3 / Math.max(1, operations), pauses, pauseSeconds * 1e3,
                    100 * pauseSeconds / seconds, pauses == 0 ? 0 : pauseSeconds * 1e3 / pauses);
        }
    }

    /** The app's log: what it printed to its standard output and error. */
    static Path log(Path data, int port) {
        return data.resolve("app-" + port + ".log");
    }


    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
        if (serverDatabase != null) {
            try (MongoClient client = MongoClients.create(RawStore.serverSettings())) {
                client.getDatabase(serverDatabase).drop();
            }
        }
    }
}
