package org.margin.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.margin.support.ApiClient;
import org.margin.support.TempStores;

/**
 * Core figures: start-up time of the packaged app, and one writer's durable commands through REST as the
 * store grows, next to the raw driver inserting event-sized documents into the same kind of embedded
 * store with the same durability (an H2 commit per write).
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.CoreBenchmark -Dexec.args="20000 1000"</pre>
 * Arguments: total commands (default 20,000), bucket size (default 1,000), and whether to commit the
 * embedded store after every command (default true; false shows what durability costs).
 */
public final class CoreBenchmark {

    static final int DOCUMENTS = 50;
    static boolean commit = true;

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int bucket = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        commit = args.length <= 2 || Boolean.parseBoolean(args[2]);
        System.out.printf("machine: %d cores, java %s, app heap -Xmx512m, commit after each write: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), commit);

        List<long[]> margin = marginRun(total, bucket);
        List<long[]> raw = rawRun(total, bucket);

        System.out.println();
        System.out.println("events-in-store  margin-cmd/s  margin-p50-ms  margin-p99-ms  raw-insert/s  raw-p50-ms  ratio");
        for (int i = 0; i < margin.size(); i++) {
            long[] m = margin.get(i);
            long[] r = raw.get(i);
            System.out.printf(Locale.ROOT, "%15d  %12.0f  %13.2f  %13.2f  %12.0f  %10.2f  %5.2f%n",
                    (long) (i + 1) * bucket, perSecond(m), m[1] / 1000.0, m[2] / 1000.0, perSecond(r), r[1] / 1000.0,
                    perSecond(m) / perSecond(r));
        }
        double firstP50 = margin.get(0)[1];
        for (int i = 0; i < margin.size(); i++) {
            if (margin.get(i)[1] >= 2 * firstP50) {
                System.out.printf("margin p50 first doubled (vs the first bucket) at ~%d events%n", (long) (i + 1) * bucket);
                return;
            }
        }
        System.out.printf("margin p50 did not double within %d events%n", total);
    }

    /** Per bucket: {elapsed ns, p50 µs, p99 µs, count}. */
    static List<long[]> marginRun(int total, int bucket) throws Exception {
        Path data = TempStores.create("margin-bench");
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m", "--margin.embedded.commit=" + commit)) {
            System.out.printf(Locale.ROOT, "start-up (process start to healthy): %.2f s%n", app.startupNanos / 1e9);
            ApiClient admin = app.admin;
            String group = admin.post("/api/groups", Map.of("name", "bench")).json().get("id").asText();
            String content = "Margin benchmark text 研究 🧭. ".repeat(400);
            List<String> documents = new ArrayList<>();
            for (int d = 0; d < DOCUMENTS; d++) {
                documents.add(admin.post("/api/documents", Map.of("groupId", group, "title", "d" + d,
                        "format", "text", "content", content)).json().get("id").asText());
            }
            int[] next = {0};
            List<long[]> buckets = measure(total, bucket, i -> {
                String doc = documents.get(next[0]++ % DOCUMENTS);
                long start = i % 9_000;
                var r = admin.post("/api/documents/" + doc + "/annotations", Map.of(
                        "target", Map.of("selector", List.of(Map.of("type", "TextPositionSelector", "start", start, "end", start + 5))),
                        "body", Map.of("text", "note " + i), "tags", List.of("bench")));
                if (r.status() != 201) {
                    throw new IllegalStateException(r.text());
                }
            });
            long waitStart = System.nanoTime();
            String last = documents.get((total - 1) % DOCUMENTS);
            long expected = (total - 1) / DOCUMENTS + 1;
            while (admin.get("/api/documents/" + last + "/annotations").json().path("revision").asLong() < expected) {
                Thread.sleep(20);
            }
            System.out.printf(Locale.ROOT, "projection caught up %.2f s after the last command%n",
                    (System.nanoTime() - waitStart) / 1e9);
            System.out.printf(Locale.ROOT, "store file after %d events: %.0f MB%n", total + DOCUMENTS,
                    Files.size(data.resolve("margin.mv")) / 1e6);
            return buckets;
        }
    }

    static List<long[]> rawRun(int total, int bucket) throws Exception {
        Path data = TempStores.create("raw-bench");
        H2Backend backend = RawStore.backend(data);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        var address = server.getLocalAddress();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> events = client.getDatabase("raw").getCollection("events");
            events.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"), new IndexOptions().unique(true));
            String payload = "{\"documentId\":\"x\",\"annotationId\":\"y\",\"target\":{\"selector\":[]},\"body\":\"note\"}".repeat(6);
            return measure(total, bucket, i -> {
                events.insertOne(new Document("aggregateIdentifier", "doc-" + (i % DOCUMENTS))
                        .append("sequenceNumber", (long) (i / DOCUMENTS)).append("type", "DocumentAnnotations")
                        .append("timeStamp", java.time.Instant.now().toString()).append("payloadType", "AnnotationAdded")
                        .append("serializedPayload", payload).append("serializedMetaData", "{\"actor\":\"admin\"}")
                        .append("eventIdentifier", java.util.UUID.randomUUID().toString()));
                if (commit) {
                    RawStore.commit(backend);
                }
            });
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    static List<long[]> measure(int total, int bucket, LongConsumer operation) {
        List<long[]> result = new ArrayList<>();
        Histogram histogram = new Histogram(Duration.ofSeconds(30).toNanos() / 1000, 3);
        long bucketStart = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long t0 = System.nanoTime();
            operation.accept(i);
            histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            if ((i + 1) % bucket == 0) {
                long now = System.nanoTime();
                result.add(new long[] {now - bucketStart, histogram.getValueAtPercentile(50),
                        histogram.getValueAtPercentile(99), histogram.getTotalCount()});
                histogram.reset();
                bucketStart = now;
            }
        }
        return result;
    }

    static double perSecond(long[] bucket) {
        return bucket[3] / (bucket[0] / 1e9);
    }
}
