package org.margin.bench;

import com.mongodb.client.MongoClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.margin.support.ApiClient;
import org.margin.support.FreePorts;
import org.margin.support.TempStores;

/**
 * History figures on one long document: {@code asOf} latency at random revisions, with the view
 * checkpoints on (cold, then warm) and off; then a rebuild of all views (events/s), next to the raw
 * driver reading the whole events collection.
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.HistoryBenchmark -Dexec.args="10000 200"</pre>
 * Arguments: events in the document (default 10,000) and asOf samples per run (default 200).
 */
public final class HistoryBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path data = TempStores.create("margin-history-bench");
        int mongoPort = FreePorts.next();
        String doc;
        try (PackagedApp app = start(data, mongoPort, true)) {
            doc = seed(app.admin, events);
            System.out.printf(Locale.ROOT, "document with %d events, %d samples per run%n", events, samples);
            run("checkpoints on, cold", app.admin, doc, events, samples, 1);
            run("checkpoints on, warm", app.admin, doc, events, samples, 2);
            rebuild(app.admin, mongoPort);
        }
        try (PackagedApp off = start(data, mongoPort, false)) {
            run("checkpoints off", off.admin, doc, events, Math.min(samples, 50), 3);
        }
    }

    static PackagedApp start(Path data, int mongoPort, boolean checkpoints) throws Exception {
        return PackagedApp.start(data, "-Xmx512m", "--margin.embedded.port=" + mongoPort,
                "--margin.history.checkpoints=" + checkpoints);
    }

    static String seed(ApiClient admin, int events) {
        String group = admin.post("/api/groups", Map.of("name", "bench")).json().get("id").asText();
        String doc = admin.post("/api/documents", Map.of("groupId", group, "title", "long", "format", "text",
                "content", "History benchmark 研究 🧭 ".repeat(100))).json().get("id").asText();
        String last = null;
        for (int i = 1; i < events; i++) {
            if (last != null && i % 3 == 0) {
                admin.post("/api/documents/" + doc + "/annotations/" + last + "/replies", Map.of("text", "r" + i));
            } else {
                last = admin.post("/api/documents/" + doc + "/annotations", Map.of("target", Map.of("selector",
                        List.of(Map.of("type", "TextPositionSelector", "start", i % 1000, "end", i % 1000 + 4))),
                        "body", Map.of("text", "n" + i))).json().get("annotationId").asText();
            }
        }
        return doc;
    }

    static void run(String label, ApiClient admin, String doc, int events, int samples, long seed) {
        Random random = new Random(seed);
        Histogram h = new Histogram(120_000_000L, 3);
        for (int i = 0; i < samples; i++) {
            long revision = random.nextInt(events);
            long t0 = System.nanoTime();
            var r = admin.get("/api/documents/" + doc + "/annotations?asOf=" + revision);
            h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            if (r.status() != 200) {
                throw new IllegalStateException(r.text());
            }
        }
        System.out.printf(Locale.ROOT, "asOf, %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)%n", label,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                h.getTotalCount());
    }

    static void rebuild(ApiClient admin, int mongoPort) throws Exception {
        admin.post("/api/admin/rebuild", null);
        while (admin.get("/api/admin/rebuild").json().get("running").asBoolean()) {
            Thread.sleep(200);
        }
        RawScan.printRebuild(admin.get("/api/admin/rebuild").json(), mongoPort);
        RawScan.print(mongoPort);
    }
}
