package org.margin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.HdrHistogram.Histogram;
import org.margin.support.ApiClient;
import org.margin.support.LiveClient;
import org.margin.support.TempStores;

/**
 * Push latency: the packaged app in its own JVM; a writer adds annotations through REST at a fixed rate
 * (open loop), and a second user's STOMP client on the same document records when each envelope
 * arrives. Prints p50/p99/max from "command accepted" (the 201 reached the writer; an envelope that
 * arrives even earlier counts as 0) and from "command sent" (its scheduled time, so a slow command
 * delays the next without hiding it) to "envelope received by the other client".
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.LiveLatencyBenchmark -Dexec.args="1000 20"</pre>
 * Arguments: commands (default 1,000) and commands per second (default 20).
 */
public final class LiveLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path data = TempStores.create("margin-live-bench");
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m")) {
            int port = app.port;
            ApiClient admin = app.admin;
            admin.post("/api/users", Map.of("username", "reader", "password", "reader-password"));
            String group = admin.post("/api/groups", Map.of("name", "bench")).json().get("id").asText();
            admin.put("/api/groups/" + group + "/members/reader", Map.of("role", "ANNOTATOR"));
            String doc = admin.post("/api/documents", Map.of("groupId", group, "title", "t", "format", "text",
                    "content", "Live latency 研究 🧭 ".repeat(200))).json().get("id").asText();

            long[] sent = new long[total + 2];
            long[] accepted = new long[total + 2];
            long[] received = new long[total + 2];
            BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
            try (LiveClient reader = LiveClient.connect(port, "reader", "reader-password")) {
                reader.subscribe("/topic/documents/" + doc, inbox);
                Thread receiver = new Thread(() -> {
                    try {
                        while (true) {
                            JsonNode envelope = inbox.take();
                            received[(int) envelope.get("revision").asLong()] = System.nanoTime();
                        }
                    } catch (InterruptedException done) {
                        Thread.currentThread().interrupt();
                    }
                });
                receiver.setDaemon(true);
                receiver.start();
                Thread.sleep(500);
                long interval = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int i = 1; i <= total; i++) {
                    long due = start + (i - 1) * interval;
                    Pacing.until(due);
                    sent[i] = due;
                    var r = admin.post("/api/documents/" + doc + "/annotations", Map.of("target",
                            Map.of("selector", List.of(Map.of("type", "TextPositionSelector", "start", i % 500, "end", i % 500 + 4)))));
                    accepted[(int) r.json().get("revision").asLong()] = System.nanoTime();
                }
                Thread.sleep(3_000);
                receiver.interrupt();
            }
            Histogram fromAccepted = new Histogram(60_000_000L, 3);
            Histogram fromSent = new Histogram(60_000_000L, 3);
            int lost = 0;
            int beforeAck = 0;
            for (int i = 1; i <= total; i++) {
                if (received[i] == 0) {
                    lost++;
                    continue;
                }
                if (received[i] < accepted[i]) {
                    beforeAck++;
                }
                fromAccepted.recordValue(Math.max(1, (received[i] - accepted[i]) / 1000));
                fromSent.recordValue(Math.max(1, (received[i] - sent[i]) / 1000));
            }
            System.out.printf(Locale.ROOT, "commands %d at %d/s, envelopes lost %d, arrived before the writer's 201: %d%n",
                    total, rate, lost, beforeAck);
            print("accepted -> other client", fromAccepted);
            print("sent     -> other client", fromSent);
        }
    }

    static void print(String label, Histogram h) {
        System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)%n", label,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                h.getTotalCount());
    }
}
