package org.margin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.HdrHistogram.Histogram;
import org.margin.support.ApiClient;
import org.margin.support.LiveClient;

/**
 * Cross-node push delay: node A runs the embedded store on a fixed port; node B is a second app that
 * uses that store as its MongoDB ({@code MONGODB_URI}). A writer adds annotations through A's REST API
 * while a STOMP client on B, and one on A for comparison, record when each envelope arrives.
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.CrossNodeBenchmark -Dexec.args="300 5"</pre>
 * Arguments: commands (default 300) and commands per second (default 5).
 */
public final class CrossNodeBenchmark {

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int mongoPort = freePort();
        Node a = Node.start(Files.createTempDirectory("node-a"), List.of("--margin.mongodb-uri=",
                "--margin.embedded.port=" + mongoPort));
        Node b = null;
        try {
            b = Node.start(Files.createTempDirectory("node-b"), List.of("--margin.mongodb-uri=mongodb://127.0.0.1:" + mongoPort));
            a.admin.post("/api/users", Map.of("username", "reader", "password", "reader-password"));
            String group = a.admin.post("/api/groups", Map.of("name", "nodes")).json().get("id").asText();
            a.admin.put("/api/groups/" + group + "/members/reader", Map.of("role", "ANNOTATOR"));
            String doc = a.admin.post("/api/documents", Map.of("groupId", group, "title", "t", "format", "text",
                    "content", "Cross-node 研究 🧭 ".repeat(50))).json().get("id").asText();
            while (b.admin.get("/api/documents/" + doc).status() != 200) {
                Thread.sleep(50);   // node B's catalogue learns of the document through its own processors
            }
            long[] accepted = new long[total + 2];
            long[] onA = new long[total + 2];
            long[] onB = new long[total + 2];
            try (LiveClient clientA = LiveClient.connect(a.port, "reader", "reader-password");
                 LiveClient clientB = LiveClient.connect(b.port, "reader", "reader-password")) {
                record(clientA, doc, onA);
                record(clientB, doc, onB);
                Thread.sleep(1_500);
                long interval = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int i = 1; i <= total; i++) {
                    while (System.nanoTime() < start + (i - 1) * interval) {
                        Thread.onSpinWait();
                    }
                    var r = a.admin.post("/api/documents/" + doc + "/annotations", Map.of("target", Map.of("selector",
                            List.of(Map.of("type", "TextPositionSelector", "start", i % 100, "end", i % 100 + 3)))));
                    accepted[(int) r.json().get("revision").asLong()] = System.nanoTime();
                }
                Thread.sleep(3_000);
            }
            System.out.printf(Locale.ROOT, "commands %d at %d/s through node A%n", total, rate);
            print("same node (A)  ", accepted, onA, total);
            print("other node (B) ", accepted, onB, total);
        } finally {
            if (b != null) {
                b.stop();
            }
            a.stop();
        }
    }

    static void record(LiveClient client, String doc, long[] arrivals) {
        BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        client.subscribe("/topic/documents/" + doc, inbox);
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    JsonNode envelope = inbox.take();
                    arrivals[(int) envelope.get("revision").asLong()] = System.nanoTime();
                }
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
    }

    static void print(String label, long[] accepted, long[] arrived, int total) {
        Histogram h = new Histogram(60_000_000L, 3);
        int lost = 0;
        for (int i = 1; i <= total; i++) {
            if (arrived[i] == 0) {
                lost++;
            } else {
                h.recordValue(Math.max(1, (arrived[i] - accepted[i]) / 1000));
            }
        }
        System.out.printf(Locale.ROOT, "%s 201 -> envelope: p50 %.1f ms, p99 %.1f ms, max %.1f ms, lost %d%n", label,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, lost);
    }

    record Node(Process process, int port, ApiClient admin) {
        static Node start(Path data, List<String> extra) throws Exception {
            int port = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-jar", "target/margin.jar",
                    "--server.port=" + port, "--margin.data-dir=" + data, "--margin.admin-password=bench-password",
                    "--margin.demo=false"));
            command.addAll(extra);
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(new File(data.toFile(), "app.log")).start();
            ApiClient admin = new ApiClient("http://localhost:" + port, "admin", "bench-password");
            while (true) {
                try {
                    if (admin.anonymous().get("/actuator/health").status() == 200) {
                        return new Node(p, port, admin);
                    }
                } catch (RuntimeException starting) {
                    // not yet
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("node did not start; see " + data.resolve("app.log"));
                }
                Thread.sleep(50);
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    static int freePort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
