package org.margin.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.margin.support.ApiClient;
import org.margin.support.FreePorts;
import org.margin.support.TempStores;

/**
 * Audit export memory: the packaged app on a fresh embedded store (fixed port, so the benchmark can seed
 * it through the driver) with N audit records, exported as CSV and JSON Lines while the app's heap is
 * sampled. Constant memory means the peak does not grow with N.
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.AuditExportBenchmark -Dexec.args="100000"</pre>
 */
public final class AuditExportBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path data = TempStores.create("margin-export-bench");
        int mongoPort = FreePorts.next();
        try (PackagedApp app = PackagedApp.start(data, "-Xmx256m", "--margin.embedded.port=" + mongoPort,
                "--management.endpoints.web.exposure.include=health,metrics")) {
            int port = app.port;
            ApiClient admin = app.admin;
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
                MongoCollection<Document> log = client.getDatabase("margin").getCollection("audit_log");
                long start = System.currentTimeMillis();
                List<Document> batch = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    batch.add(new Document("_id", "bench-doc-" + (i / 1000) + "/" + (i % 1000)).append("revision", (long) (i % 1000))
                            .append("documentId", "bench-doc-" + (i / 1000)).append("groupId", "bench-group")
                            .append("type", "ReplyAdded").append("actor", "user" + (i % 50))
                            .append("timestamp", new Date(start - i * 1000L))
                            .append("summary", "user" + (i % 50) + " replied to note " + i + ": “研究 🧭, \"quoted\"”"));
                    if (batch.size() == 1000) {
                        log.insertMany(batch);
                        batch.clear();
                    }
                }
            }
            System.out.printf(Locale.ROOT, "rows: %d, app heap -Xmx256m%n", rows);
            System.gc();
            for (String format : List.of("csv", "jsonl")) {
                measure(port, admin, format);
            }
        }
    }

    static void measure(int port, ApiClient admin, String format) throws Exception {
        long before = heapUsed(admin);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(heapUsed(admin), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/audit/export?format=" + format))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:bench-password".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[65536];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        done.set(true);
        sampler.join();
        System.out.printf(Locale.ROOT, "%s: %d lines, %.1f MB in %.1f s; app heap used before %.0f MB, peak during export %.0f MB%n",
                format, lines, bytes / 1e6, seconds, before / 1e6, peak.get() / 1e6);
    }

    static long heapUsed(ApiClient admin) {
        try {
            return (long) admin.get("/actuator/metrics/jvm.memory.used?tag=area:heap").json()
                    .get("measurements").get(0).get("value").asDouble();
        } catch (RuntimeException e) {
            return 0;
        }
    }

}
