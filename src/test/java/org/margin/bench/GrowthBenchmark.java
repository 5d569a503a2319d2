package org.margin.bench;

import static org.margin.bench.ConcurrencyBenchmark.closed;
import static org.margin.bench.ConcurrencyBenchmark.ms;
import static org.margin.bench.ConcurrencyBenchmark.target;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.margin.bench.ConcurrencyBenchmark.Operation;
import org.margin.bench.ConcurrencyBenchmark.Phase;
import org.margin.storage.StoredEvents;
import org.margin.support.ApiClient;
import org.margin.support.FreePorts;
import org.margin.support.TempStores;

/**
 * How commands and time travel cost as the store grows. One packaged app ({@code -Xmx512m}, embedded
 * store, H2 commit per command) is filled in stages (default 1,000, 10,000 and 100,000 stored events).
 * At each stage it measures:
 * <ul>
 *   <li>document commands through REST (the mix of {@link ConcurrencyBenchmark}) in a closed loop at
 *       concurrency 1 and 16, next to the raw driver's durable insert at the same concurrency into a
 *       collection grown to the same size on a mongo-java-server H2 store of its own;</li>
 *   <li>{@code asOf} at random revisions of one history document, which holds up to 10,000 events (it
 *       fills first; the rest of the store is spread over 50 other documents), cold and then warm.</li>
 * </ul>
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.GrowthBenchmark -Dexec.args="1000,10000,100000 5 200"</pre>
 * Arguments: stages (stored events), seconds per command phase (default 5), asOf samples (default 200).
 */
public final class GrowthBenchmark {

    static final int HISTORY_EVENTS = 10_000;
    static final int WRITERS = 8;

    public static void main(String[] args) throws Exception {
        long[] stages = Arrays.stream((args.length > 0 ? args[0] : "1000,10000,100000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        for (String quiet : List.of("de.bwaldvogel", "org.mongodb")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(quiet)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        System.out.printf("machine: %d cores, java %s; app -Xmx512m, embedded store, H2 commit after each command%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Path data = TempStores.create("margin-growth-bench");
        int mongoPort = FreePorts.next();
        Path rawData = TempStores.create("raw-growth-bench");
        H2Backend rawBackend = RawStore.backend(rawData);
        MongoServer rawServer = new MongoServer(rawBackend);
        rawServer.bind("127.0.0.1", 0);
        List<String> rows = new ArrayList<>();
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m", "--margin.embedded.port=" + mongoPort,
                "--margin.live.max-messages-per-second=100000");
             MongoClient store = MongoClients.create("mongodb://127.0.0.1:" + mongoPort);
             MongoClient rawClient = MongoClients.create("mongodb://127.0.0.1:" + rawServer.getLocalAddress().getPort())) {
            // an app built before ADR 0005 (run with -Dmargin.jar=...) keeps its events in "domainevents"
            MongoCollection<Document> events = store.getDatabase("margin")
                    .getCollection(System.getProperty("margin.events-collection", StoredEvents.EVENTS));
            MongoCollection<Document> raw = rawClient.getDatabase("raw").getCollection("events");
            raw.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"), new IndexOptions().unique(true));
            Workload work = new Workload(app);
            for (long stage : stages) {
                work.fillTo(stage, events);
                long before = events.countDocuments();
                long history = work.historyRevision();
                Phase rest1 = closed(work.rest(1), 1, seconds, work.sequence);
                Phase rest16 = closed(work.rest(16), 16, seconds, work.sequence);
                long after = events.countDocuments();
                growRaw(raw, before);
                Phase raw1 = closed(rawInsert(raw, rawBackend), 1, seconds, new AtomicLong());
                Phase raw16 = closed(rawInsert(raw, rawBackend), 16, seconds, new AtomicLong());
                Histogram cold = asOf(work.admin, work.history, history, samples, stage);
                Histogram warm = asOf(work.admin, work.history, history, samples, stage + 1);
                String row = String.format(Locale.ROOT,
                        "%,9d %,9d | %6.1f %6.2f %7.2f %6.0f %5.3f | %6.1f %6.2f %7.2f %6.0f %5.3f | %,6d %6.1f %6.1f %6.1f %6.1f",
                        before, after, rest1.perSecond(), ms(rest1.latency(), 50), ms(rest1.latency(), 99), raw1.perSecond(),
                        rest1.perSecond() / raw1.perSecond(), rest16.perSecond(), ms(rest16.latency(), 50),
                        ms(rest16.latency(), 99), raw16.perSecond(), rest16.perSecond() / raw16.perSecond(),
                        history + 1, ms(cold, 50), ms(cold, 99), ms(warm, 50), ms(warm, 99));
                System.out.println(row);
                rows.add(row);
            }
        } finally {
            rawServer.shutdownNow();
            rawBackend.close();
        }
        System.out.println();
        System.out.println("   events in store | REST C=1: cmd/s  p50 ms  p99 ms  raw/s  ratio | REST C=16: cmd/s  p50 ms  p99 ms  raw/s  ratio "
                + "| history events, asOf cold p50 p99, warm p50 p99 (ms)");
        rows.forEach(System.out::println);
    }

    /** Brings the raw collection to {@code size} documents, the size of the app's store at this stage. */
    static void growRaw(MongoCollection<Document> raw, long size) {
        long have = raw.countDocuments();
        List<Document> batch = new ArrayList<>();
        for (long i = have; i < size; i++) {
            batch.add(rawEvent("fill-" + i / 1000, i % 1000));
            if (batch.size() == 1000) {
                raw.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            raw.insertMany(batch);
        }
    }

    static Operation rawInsert(MongoCollection<Document> raw, H2Backend backend) {
        String run = UUID.randomUUID().toString();
        AtomicLong[] sequences = new AtomicLong[ConcurrencyBenchmark.DOCUMENTS];
        Arrays.setAll(sequences, i -> new AtomicLong());
        return (worker, n) -> {
            int d = (int) (n % ConcurrencyBenchmark.DOCUMENTS);
            raw.insertOne(rawEvent(run + "-" + d, sequences[d].getAndIncrement()));
            RawStore.commit(backend);
            return true;
        };
    }

    static Document rawEvent(String aggregate, long sequence) {
        String payload = "{\"documentId\":\"x\",\"annotationId\":\"y\",\"target\":{\"selector\":[]},\"body\":\"note\"}".repeat(6);
        return new Document("aggregateIdentifier", aggregate).append("sequenceNumber", sequence)
                .append("type", "DocumentAnnotations").append("timestamp", Instant.now().toString())
                .append("payloadType", "AnnotationAdded").append("serializedPayload", payload)
                .append("serializedMetaData", "{\"actor\":\"writer\"}").append("eventIdentifier", UUID.randomUUID().toString());
    }

    static Histogram asOf(ApiClient admin, String doc, long head, int samples, long seed) {
        Random random = new Random(seed);
        Histogram h = new Histogram(120_000_000L, 3);
        for (int i = 0; i < samples; i++) {
            long revision = random.nextLong(head + 1);
            long t0 = System.nanoTime();
            var r = admin.get("/api/documents/" + doc + "/annotations?asOf=" + revision);
            h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            if (r.status() != 200) {
                throw new IllegalStateException(r.text());
            }
        }
        return h;
    }

    /** The app under test: writers with API tokens, 50 command documents and one history document. */
    static final class Workload {
        final ApiClient admin;
        final String base;
        final List<String> tokens;
        final String[] docs = new String[ConcurrencyBenchmark.DOCUMENTS];
        final String[] annotations = new String[ConcurrencyBenchmark.DOCUMENTS];
        final String history;
        final AtomicLong sequence = new AtomicLong();

        Workload(PackagedApp app) {
            this.admin = app.admin;
            this.base = "http://localhost:" + app.port;
            String group = admin.post("/api/groups", Map.of("name", "bench")).json().get("id").asText();
            tokens = app.annotators(group, "writer", ConcurrencyBenchmark.USERS);
            String content = "Growth benchmark text 研究 🧭. ".repeat(100);
            for (int d = 0; d < docs.length; d++) {
                docs[d] = admin.post("/api/documents", Map.of("groupId", group, "title", "d" + d, "format", "text",
                        "content", content)).json().get("id").asText();
                annotations[d] = admin.post("/api/documents/" + docs[d] + "/annotations", Map.of("target", target(0),
                        "body", Map.of("text", "seed"))).json().get("annotationId").asText();
            }
            history = admin.post("/api/documents", Map.of("groupId", group, "title", "history", "format", "text",
                    "content", content)).json().get("id").asText();
        }

        long historyRevision() {
            return admin.get("/api/documents/" + history + "/annotations").json().get("revision").asLong();
        }

        Operation rest(int c) {
            return ConcurrencyBenchmark.rest(base, tokens, c, new String[][] {docs, annotations});
        }

        /** The history document fills first, up to 10,000 events; the rest goes to the command documents. */
        void fillTo(long stage, MongoCollection<Document> events) throws Exception {
            long missing = stage - events.countDocuments();
            if (missing <= 0) {
                return;
            }
            long toHistory = Math.min(missing, HISTORY_EVENTS - 1 - historyRevision());
            long t0 = System.nanoTime();
            String historyPath = "/api/documents/" + history + "/annotations";
            run(toHistory, (worker, n) -> admin.post(historyPath, Map.of("target", target(n),
                    "body", Map.of("text", "h" + n))).status() == 201);
            Operation rest = rest(WRITERS);
            run(missing - Math.max(0, toHistory), rest);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "filled to %,d events (%,d commands in %.0f s, %.0f/s, %d writers)%n",
                    events.countDocuments(), missing, s, missing / s, WRITERS);
        }

        private void run(long count, Operation operation) throws Exception {
            if (count <= 0) {
                return;
            }
            AtomicLong left = new AtomicLong(count);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int worker = w;
                work.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        ConcurrencyBenchmark.attempt(operation, worker, sequence.getAndIncrement());
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
        }
    }
}
