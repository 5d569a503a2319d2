package org.margin.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.margin.support.ApiClient;
import org.margin.support.LiveClient;
import org.margin.support.TempStores;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * Durable document commands at several concurrencies, through REST and through STOMP, next to the raw
 * driver's durable insert at the same concurrency.
 *
 * <p>For each transport and concurrency C, a fresh packaged app ({@code -Xmx512m}, fresh embedded store,
 * H2 commit after every command) gets 50 documents with one annotation each, then C workers (each with
 * its own connection and one of four users' API tokens) send a mix of commands: half AddAnnotation, three
 * in ten edits of an annotation's body, two in ten changes of its tags. Two phases:
 * <ul>
 *   <li>closed loop: each worker sends its next command as soon as the previous one is answered, for the
 *       phase's duration: throughput, latency from send to answer, and the app process's CPU time per
 *       command (all its threads, the processors' work included);</li>
 *   <li>open loop: commands are scheduled at a fixed rate (a fraction of the closed-loop throughput) and
 *       taken by the C workers; latency runs from each command's scheduled time, so a command that waits
 *       for a free worker is not hidden (no coordinated omission).</li>
 * </ul>
 * Before each phase the benchmark waits until the app is nearly idle, its processors done with what the
 * commands before left them, and prints how long that took after the closed phase and the CPU per command
 * with that work counted. Each phase follows a warm-up of the same closed loop, because a fresh JVM runs
 * the same commands at half speed or less until the JIT has compiled the paths: 10 s rounds until the
 * app's JIT compiler threads used less than half a second of CPU in the last one (30 s at least, 240 s at
 * most; read from Linux's {@code /proc}, elsewhere a fixed 120 s), or a fixed time with
 * {@code -Dmargin.bench.warm-up=SECONDS}. {@code -Dmargin.bench.idle-documents=N} adds N documents to the
 * catalogue that no command writes to.
 * The warm-up writes to 50 documents of its own: a command costs more as its document grows, so the
 * measured documents start as small however long the warm-up took. With
 * {@code -Dmargin.bench.warm-up-on-measured=true} it writes to the measured documents instead, so they start
 * with the warm-up's notes (about half its commands), to see how a command's cost grows with its document.
 * REST answers 201/200; a STOMP command is a SEND to {@code /app/documents/{id}/commands} with a receipt
 * header, answered by the RECEIPT. The app is started with a per-session frame limit high enough for one
 * socket's closed loop. Baseline: C threads calling the raw driver's {@code insertOne} of an event-sized
 * document, each followed by {@code H2Backend.commit()}, against a fresh mongo-java-server H2 store; and a
 * second baseline, the writes a command leaves in the store and nothing else ({@link StoreWorkBaseline}).
 * With {@code -Dmargin.bench.mongodb-uri=URI}, the app and both baselines run on that MongoDB server
 * instead, each on a database of its own ({@link RawStore}).
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.ConcurrencyBenchmark -Dexec.args="15 1,4,16 0.7"</pre>
 * Arguments: seconds per phase (default 15), concurrencies (default 1,4,16), open-loop rate as a fraction
 * of the closed-loop throughput (default 0.7), transports (default rest,stomp).
 */
public final class ConcurrencyBenchmark {

    static final int DOCUMENTS = 50;
    static final int USERS = 4;
    /** A fixed warm-up in seconds; 0 (the default) warms up until the app's JIT compiler is nearly idle. */
    static final int WARM_UP_SECONDS = Integer.getInteger("margin.bench.warm-up", 0);
    /** Further documents in the catalogue that no command writes to, as in a group with a long history. */
    static final int IDLE_DOCUMENTS = Integer.getInteger("margin.bench.idle-documents", 0);
    /** The warm-up writes to the measured documents, which then start with its notes. */
    static final boolean WARM_UP_ON_MEASURED = Boolean.getBoolean("margin.bench.warm-up-on-measured");

    interface Operation {
        /** Runs command {@code n} on worker {@code worker}'s connection; false if it failed. */
        boolean run(int worker, long n) throws Exception;
    }

    /**
     * A phase's outcome. {@code slowestAt}: seconds into the phase at which its slowest command was sent or
     * scheduled; {@code appCpuMs}: the app process's CPU time per command (NaN where not measured).
     */
    record Phase(double perSecond, Histogram latency, int failures, double slowestAt, double appCpuMs) {

        Phase withAppCpu(long cpuNanos) {
            return new Phase(perSecond, latency, failures, slowestAt,
                    cpuNanos / 1e6 / Math.max(1, latency.getTotalCount()));
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int[] levels = Arrays.stream((args.length > 1 ? args[1] : "1,4,16").split(",")).mapToInt(Integer::parseInt).toArray();
        double fraction = args.length > 2 ? Double.parseDouble(args[2]) : 0.7;
        List<String> transports = List.of((args.length > 3 ? args[3] : "rest,stomp").split(","));
        for (String quiet : List.of("de.bwaldvogel", "org.mongodb")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(quiet)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        System.out.printf("machine: %d cores, java %s; app -Xmx512m, %s; "
                        + "%d s per phase, open loop at %.0f%% of closed-loop throughput%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), RawStore.describe(),
                seconds, fraction * 100);

        Map<String, Phase[]> results = new HashMap<>();
        for (int c : levels) {
            for (String transport : transports) {
                results.put(transport + c, margin(transport, c, seconds, fraction));
            }
            results.put("raw" + c, raw(c, seconds));
            results.put("store" + c, StoreWorkBaseline.run(c, seconds));
        }

        System.out.println();
        System.out.println("transport  C  closed cmd/s  closed p50 ms  closed p99 ms  open rate/s  open p50 ms  open p99 ms  open max ms  failed  app CPU ms/cmd  raw insert/s  raw p50 ms  raw p99 ms  ratio  store work/s  ratio to it");
        for (int c : levels) {
            Phase raw = results.get("raw" + c)[0];
            Phase store = results.get("store" + c)[0];
            for (String transport : transports) {
                Phase[] m = results.get(transport + c);
                System.out.printf(Locale.ROOT, "%-9s %2d  %12.1f  %13.2f  %13.2f  %11.1f  %11.2f  %11.2f  %11.2f  %6d  %14.2f  %12.0f  %10.2f  %10.2f  %5.3f  %12.0f  %11.3f%n",
                        transport, c, m[0].perSecond, ms(m[0].latency, 50), ms(m[0].latency, 99), m[1].perSecond,
                        ms(m[1].latency, 50), ms(m[1].latency, 99), m[1].latency.getMaxValue() / 1000.0,
                        m[0].failures + m[1].failures, m[0].appCpuMs, raw.perSecond, ms(raw.latency, 50), ms(raw.latency, 99),
                        m[0].perSecond / raw.perSecond, store.perSecond, m[0].perSecond / store.perSecond);
            }
        }
    }

    static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    static Phase[] margin(String transport, int c, int seconds, double fraction) throws Exception {
        Path data = TempStores.create("margin-concurrency-bench");
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m", "--margin.live.max-messages-per-second=100000")) {
            String base = "http://localhost:" + app.port;
            ApiClient admin = app.admin;
            String group = admin.post("/api/groups", Map.of("name", "bench")).json().get("id").asText();
            List<String> tokens = app.annotators(group, "writer", USERS);
            // the warm-up writes to documents of its own, so the measured ones start as small as in a short run
            String[][] warmUpDocuments = documents(admin, group);
            String[][] measuredDocuments = documents(admin, group);
            for (int d = 0; d < IDLE_DOCUMENTS; d++) {
                int status = admin.post("/api/documents", Map.of("groupId", group, "title", "idle " + d,
                        "format", "text", "content", "An idle document 文 🧭 " + d)).status();
                if (status != 201) {
                    throw new IllegalStateException("idle document " + d + " not created: " + status);
                }
            }

            List<LiveClient> sockets = new ArrayList<>();
            if (transport.equals("stomp")) {
                for (int w = 0; w < c; w++) {
                    StompHeaders connect = new StompHeaders();
                    connect.add("Authorization", "Bearer " + tokens.get(w % USERS));
                    sockets.add(LiveClient.connect(app.port, connect, new WebSocketHttpHeaders()));
                }
            }
            AtomicLong receipts = new AtomicLong();   // a receipt id names one SEND of a socket's whole life
            Operation operation = transport.equals("rest") ? rest(base, tokens, c, measuredDocuments)
                    : stomp(sockets, measuredDocuments, receipts);
            Operation warmUpOperation = WARM_UP_ON_MEASURED ? operation
                    : transport.equals("rest") ? rest(base, tokens, c, warmUpDocuments) : stomp(sockets, warmUpDocuments, receipts);
            try {
                AtomicLong sequence = new AtomicLong();
                int warmedUp = warmUp(app, warmUpOperation, c, new AtomicLong());
                double settledAfterWarmUp = settle(app);
                long cpu = app.cpuNanos();
                PackagedApp.Gc gcBefore = app.gc();
                Phase closed = closed(operation, c, seconds, sequence).withAppCpu(app.cpuNanos() - cpu);
                PackagedApp.Gc gcClosed = app.gc().since(gcBefore);
                double settledAfterClosed = settle(app);
                double cpuWithLeftMs = (app.cpuNanos() - cpu) / 1e6 / Math.max(1, closed.latency.getTotalCount());
                double rate = Math.max(1, closed.perSecond * fraction);
                Instant openFrom = Instant.now();
                Phase open = open(operation, c, seconds, rate, sequence);
                int errors = sockets.stream().mapToInt(s -> s.errors.size()).sum();
                System.out.printf(Locale.ROOT, "%s C=%d: closed %.1f cmd/s, p50 %.2f ms, p99 %.2f ms, app CPU %.2f ms per command; "
                                + "open at %.1f/s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (scheduled %.1f s into the phase); "
                                + "failed %d, error frames %d%n",
                        transport, c, closed.perSecond, ms(closed.latency, 50), ms(closed.latency, 99), closed.appCpuMs, open.perSecond,
                        ms(open.latency, 50), ms(open.latency, 99), open.latency.getMaxValue() / 1000.0, open.slowestAt,
                        closed.failures + open.failures, errors);
                System.out.printf(Locale.ROOT, "%s C=%d: after a warm-up of %d s%s; open phase from %s, its slowest command "
                        + "scheduled at %s%n", transport, c, warmedUp, WARM_UP_ON_MEASURED ? " on the measured documents" : "", openFrom,
                        openFrom.plusNanos((long) (open.slowestAt * 1e9)));
                System.out.printf(Locale.ROOT, "%s C=%d: the app settled %.1f s after the warm-up and %.1f s after the "
                                + "closed phase; app CPU %.2f ms per command with the work the closed phase left%n",
                        transport, c, settledAfterWarmUp, settledAfterClosed, cpuWithLeftMs);
                System.out.printf(Locale.ROOT, "%s C=%d: app in the closed phase: %s%n", transport, c,
                        gcClosed.describe(closed.latency.getTotalCount(), seconds));
                if (Files.exists(data.resolve("margin.mv"))) {
                    System.out.printf(Locale.ROOT, "%s C=%d: store file %.1f MB after %d commands%n", transport, c,
                            Files.size(data.resolve("margin.mv")) / 1e6, sequence.get());
                }
                return new Phase[] {closed, open};
            } finally {
                sockets.forEach(LiveClient::close);
            }
        }
    }

    /**
     * Waits until the app is nearly idle (under 5 % of a core over half a second, at most 60 s): until its
     * event processors have applied what the commands left them. A phase that began with their backlog
     * would share the cores with it, and a closed loop whose processors fall behind looks faster than it
     * is. Answers the seconds waited.
     */
    static double settle(PackagedApp app) throws InterruptedException {
        long start = System.nanoTime();
        long last = app.cpuNanos();
        while (System.nanoTime() - start < 60_000_000_000L) {
            Thread.sleep(500);
            long now = app.cpuNanos();
            if (now - last < 25_000_000L) {
                break;
            }
            last = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Runs the closed loop unmeasured until the JIT has done its work (see the class comment); answers its seconds. */
    static int warmUp(PackagedApp app, Operation operation, int c, AtomicLong sequence) throws InterruptedException {
        if (WARM_UP_SECONDS > 0 || app.compilerCpuNanos().isEmpty()) {
            int seconds = WARM_UP_SECONDS > 0 ? WARM_UP_SECONDS : 120;
            closed(operation, c, seconds, sequence);
            return seconds;
        }
        int seconds = 0;
        while (seconds < 240) {
            long compiling = app.compilerCpuNanos().getAsLong();
            closed(operation, c, 10, sequence);
            seconds += 10;
            if (seconds >= 30 && app.compilerCpuNanos().getAsLong() - compiling < 500_000_000L) {
                break;
            }
        }
        return seconds;
    }

    /** {@link #DOCUMENTS} documents with one annotation each: their ids, and their annotations' ids. */
    static String[][] documents(ApiClient admin, String group) {
        String content = "Concurrency benchmark text 研究 🧭. ".repeat(100);
        String[] docs = new String[DOCUMENTS];
        String[] annotations = new String[DOCUMENTS];
        for (int d = 0; d < DOCUMENTS; d++) {
            docs[d] = admin.post("/api/documents", Map.of("groupId", group, "title", "d" + d, "format", "text",
                    "content", content)).json().get("id").asText();
            annotations[d] = admin.post("/api/documents/" + docs[d] + "/annotations", Map.of("target", target(0),
                    "body", Map.of("text", "seed"))).json().get("annotationId").asText();
        }
        return new String[][] {docs, annotations};
    }

    /** The command mix through STOMP: a SEND with a receipt on each worker's socket. */
    static Operation stomp(List<LiveClient> sockets, String[][] documents, AtomicLong receipts) {
        String[] docs = documents[0];
        String[] annotations = documents[1];
        return (worker, n) -> {
            int d = (int) (n % DOCUMENTS);
            Map<String, Object> command = switch (kind(n)) {
                case 0 -> Map.of("type", "AddAnnotation", "target", target(n), "body", Map.of("text", "note " + n));
                case 1 -> Map.of("type", "EditAnnotation", "annotationId", annotations[d], "body", Map.of("text", "edit " + n));
                default -> Map.of("type", "EditAnnotation", "annotationId", annotations[d], "tags", tags(n));
            };
            try {
                sockets.get(worker).send(docs[d], command, "r" + receipts.incrementAndGet()).get(30, TimeUnit.SECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return false;
            }
        };
    }

    /** The command mix through REST: C clients, each with one of the members' tokens. */
    static Operation rest(String base, List<String> tokens, int c, String[][] documents) {
        String[] docs = documents[0];
        String[] annotations = documents[1];
        List<ApiClient> clients = new ArrayList<>();
        for (int w = 0; w < c; w++) {
            clients.add(ApiClient.withToken(base, tokens.get(w % tokens.size())));
        }
        return (worker, n) -> {
            int d = (int) (n % docs.length);
            String path = "/api/documents/" + docs[d] + "/annotations";
            ApiClient client = clients.get(worker);
            return switch (kind(n)) {
                case 0 -> client.post(path, Map.of("target", target(n), "body", Map.of("text", "note " + n))).status() == 201;
                case 1 -> client.patch(path + "/" + annotations[d], Map.of("body", Map.of("text", "edit " + n))).status() == 200;
                default -> client.patch(path + "/" + annotations[d], Map.of("tags", tags(n))).status() == 200;
            };
        };
    }

    static int kind(long n) {
        int k = (int) (n % 10);
        return k < 5 ? 0 : k < 8 ? 1 : 2;
    }

    static Map<String, Object> target(long n) {
        long at = n % 400;
        return Map.of("selector", List.of(Map.of("type", "TextPositionSelector", "start", at, "end", at + 5)));
    }

    static List<String> tags(long n) {
        return n % 20 < 10 ? List.of("bench", "t" + n % 7) : List.of("t" + n % 5);
    }

    /** The baseline: C threads inserting event-sized documents, each insert followed by an H2 commit. */
    static Phase[] raw(int c, int seconds) throws Exception {
        return RawStore.served("raw-concurrency-bench", (backend, database) -> {
            MongoCollection<Document> events = database.getCollection("events");
            events.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"), new IndexOptions().unique(true));
            String payload = "{\"documentId\":\"x\",\"annotationId\":\"y\",\"target\":{\"selector\":[]},\"body\":\"note\"}".repeat(6);
            AtomicLong[] sequences = new AtomicLong[DOCUMENTS];
            Arrays.setAll(sequences, i -> new AtomicLong());
            Operation insert = (worker, n) -> {
                int d = (int) (n % DOCUMENTS);
                events.insertOne(new Document("aggregateIdentifier", "doc-" + d)
                        .append("sequenceNumber", sequences[d].getAndIncrement()).append("type", "DocumentAnnotations")
                        .append("timeStamp", Instant.now().toString()).append("payloadType", "AnnotationAdded")
                        .append("serializedPayload", payload).append("serializedMetaData", "{\"actor\":\"writer\"}")
                        .append("eventIdentifier", UUID.randomUUID().toString()));
                RawStore.commit(backend);
                return true;
            };
            AtomicLong sequence = new AtomicLong();
            closed(insert, c, 2, sequence);
            Phase closed = closed(insert, c, seconds, sequence);
            System.out.printf(Locale.ROOT, "raw C=%d: %.0f insert/s, p50 %.2f ms, p99 %.2f ms%n", c, closed.perSecond,
                    ms(closed.latency, 50), ms(closed.latency, 99));
            return new Phase[] {closed};
        });
    }

    /** C workers, each sending its next command when the previous one is answered, for {@code seconds}. */
    static Phase closed(Operation operation, int c, int seconds, AtomicLong sequence) throws InterruptedException {
        Outcomes outcomes = new Outcomes();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < c; w++) {
            int worker = w;
            workers.add(start(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    outcomes.record(attempt(operation, worker, sequence.getAndIncrement()), t0);
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        return outcomes.phase(start);
    }

    /**
     * Commands scheduled at {@code rate} per second for {@code seconds}, taken by C workers; latency from each
     * command's scheduled time to its answer.
     */
    static Phase open(Operation operation, int c, int seconds, double rate, AtomicLong sequence) throws InterruptedException {
        Outcomes outcomes = new Outcomes();
        BlockingQueue<Long> due = new LinkedBlockingQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < c; w++) {
            int worker = w;
            workers.add(start(() -> {
                try {
                    while (true) {
                        long scheduled = due.take();
                        if (scheduled < 0) {
                            return;
                        }
                        outcomes.record(attempt(operation, worker, sequence.getAndIncrement()), scheduled);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long interval = (long) (1e9 / rate);
        long total = (long) (rate * seconds);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long at = start + i * interval;
            Pacing.until(at);
            due.add(at);
        }
        for (int w = 0; w < c; w++) {
            due.add(-1L);
        }
        for (Thread t : workers) {
            t.join();
        }
        return outcomes.phase(start);
    }

    /** Latencies of the commands that succeeded, in microseconds, and the count of those that failed. */
    static final class Outcomes {
        private final Histogram latency = new Histogram(600_000_000L, 3);
        private final AtomicInteger failures = new AtomicInteger();
        private long slowestAt;   // when the slowest command was sent or scheduled, guarded by latency

        /** Records one command, timed from {@code since} (its send, or its scheduled time) to now. */
        void record(boolean ok, long since) {
            long now = System.nanoTime();
            if (!ok) {
                failures.incrementAndGet();
                return;
            }
            long micros = Math.max(1, (now - since) / 1000);
            synchronized (latency) {
                if (micros > latency.getMaxValue()) {
                    slowestAt = since;
                }
                latency.recordValue(micros);
            }
        }


        Phase phase(long start) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            synchronized (latency) {
                return new Phase(latency.getTotalCount() / elapsed, latency, failures.get(), (slowestAt - start) / 1e9,
                        Double.NaN);
            }
        }
    }

    static Thread start(Runnable body) {
        Thread thread = new Thread(body);
        thread.start();
        return thread;
    }

    static boolean attempt(Operation operation, int worker, long n) {
        try {
            return operation.run(worker, n);
        } catch (Exception e) {
            return false;
        }
    }
}
