package org.margin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.HdrHistogram.Histogram;
import org.margin.support.FreePorts;
import org.margin.support.LiveClient;
import org.margin.support.TempStores;

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
        int mongoPort = FreePorts.next();
        try (PackagedApp a = PackagedApp.start(TempStores.create("node-a"), "-Xmx384m",
                "--margin.embedded.port=" + mongoPort);
             PackagedApp b = PackagedApp.start(TempStores.create("node-b"), "-Xmx384m",
                     "--margin.mongodb-uri=mongodb://127.0.0.1:" + mongoPort)) {
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
                    Pacing.until(start + (i - 1) * interval);
                    var r = a.admin.post("/api/documents/" + doc + "/annotations", Map.of("target", Map.of("selector",
                            List.of(Map.of("type", "TextPositionSelector", "start", i % 100, "end", i % 100 + 3)))));
                    accepted[(int) r.json().get("revision").asLong()] = System.nanoTime();
                }
                Thread.sleep(3_000);
            }
            System.out.printf(Locale.ROOT, "commands %d at %d/s through node A%n", total, rate);
            print("same node (A)  ", accepted, onA, total);
            print("other node (B) ", accepted, onB, total);
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
}
