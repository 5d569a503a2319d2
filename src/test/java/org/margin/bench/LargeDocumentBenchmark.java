package org.margin.bench;

import static org.margin.bench.ConcurrencyBenchmark.closed;
import static org.margin.bench.ConcurrencyBenchmark.ms;
import static org.margin.bench.ConcurrencyBenchmark.rest;
import static org.margin.bench.ConcurrencyBenchmark.target;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.margin.bench.ConcurrencyBenchmark.Operation;
import org.margin.bench.ConcurrencyBenchmark.Phase;
import org.margin.storage.StoredEvents;
import org.margin.support.ApiClient;
import org.margin.support.FreePorts;
import org.margin.support.TempStores;

/**
 * Commands on one long document: how a command's cost grows with its document, and what its snapshots
 * cost. Seeds one document with N events (notes, replies and edits, 8 REST writers), then runs the
 * commands benchmark's closed loop on that document alone at concurrency C: a warm-up, then a measured
 * phase that prints commands/s, p50/p99, the app's CPU per command and the part of it spent on the
 * snapshot thread. Then it restarts the app on the same store, warms it up on a small document, and times
 * the first command on the long one, which loads the aggregate from its latest snapshot and the events
 * after it ({@code -Dmargin.bench.restart=false} leaves that out, e.g. when the app is profiled).
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.LargeDocumentBenchmark -Dexec.args="10000 20 1 60"</pre>
 * Arguments: events in the document before the phases (default 10,000), seconds per phase (default 20),
 * concurrency (default 1), seconds of warm-up (default 60).
 */
public final class LargeDocumentBenchmark {

    private static final int WARM_UP_COMMANDS = 2_000;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int c = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        Path data = TempStores.create("margin-large-document-bench");
        int mongoPort = FreePorts.next();
        String doc;
        String note;
        System.out.printf(Locale.ROOT, "machine: %d cores, java %s; app -Xmx512m, embedded store; one document, "
                + "concurrency %d, %d s phases%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), c, seconds);
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m", "--margin.embedded.port=" + mongoPort)) {
            Seeding seeding = new Seeding(app.admin, 1);
            doc = seeding.documents.get(0);
            double seeded = seeding.write(8, events, () -> { });
            note = app.admin.post("/api/documents/" + doc + "/annotations", Map.of("target", target(0),
                    "body", Map.of("text", "measured"))).json().get("annotationId").asText();
            System.out.printf(Locale.ROOT, "seeded %d events in %.0f s (%.0f commands/s)%n", events, seeded,
                    events / seeded);
            String token = app.admin.post("/api/tokens", Map.of("name", "bench")).json().get("token").asText();
            Operation operation = rest("http://localhost:" + app.port, List.of(token), c,
                    new String[][] {{doc}, {note}});
            AtomicLong sequence = new AtomicLong();
            closed(operation, c, warmUp, sequence);
            ConcurrencyBenchmark.settle(app);
            long cpu = app.cpuNanos();
            OptionalLong snapshots = app.threadCpuNanos("snapshots");
            Phase phase = closed(operation, c, seconds, sequence).withAppCpu(app.cpuNanos() - cpu);
            OptionalLong snapshotsAfter = app.threadCpuNanos("snapshots");
            String snapshotMs = snapshots.isPresent() && snapshotsAfter.isPresent()
                    ? String.format(Locale.ROOT, "%.2f", (snapshotsAfter.getAsLong() - snapshots.getAsLong()) / 1e6
                            / Math.max(1, phase.latency().getTotalCount()))
                    : "n/a (no /proc)";
            long revision = app.admin.get("/api/documents/" + doc + "/annotations").json().path("revision").asLong();
            System.out.printf(Locale.ROOT, "commands on the document (revision %d at the end): %.1f cmd/s, "
                            + "p50 %.2f ms, p99 %.2f ms, app CPU %.2f ms per command, %s ms of it on the snapshot "
                            + "thread; failed %d%n",
                    revision, phase.perSecond(), ms(phase.latency(), 50), ms(phase.latency(), 99), phase.appCpuMs(),
                    snapshotMs, phase.failures());
            // a phase may fall between two snapshots: their cost per command over the document's whole life
            long commands = events + sequence.get();
            String lifeMs = snapshotsAfter.isPresent()
                    ? String.format(Locale.ROOT, "%.2f", snapshotsAfter.getAsLong() / 1e6 / commands) : "n/a";
            System.out.printf(Locale.ROOT, "the document's latest snapshot: revision %d; the snapshot thread's CPU over "
                    + "all %d commands so far: %s ms per command%n", latestSnapshot(mongoPort, doc), commands, lifeMs);
        }
        if (!Boolean.parseBoolean(System.getProperty("margin.bench.restart", "true"))) {
            return;
        }
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m", "--margin.embedded.port=" + mongoPort)) {
            long snapshot = latestSnapshot(mongoPort, doc);
            ApiClient admin = app.admin;
            // the same commands on a small document first, so the JIT has compiled the common paths
            Seeding small = new Seeding(admin, 1);
            small.write(1, WARM_UP_COMMANDS, () -> { });
            long t0 = System.nanoTime();
            String path = "/api/documents/" + doc + "/annotations/" + note;
            var first = admin.patch(path, Map.of("addTags", List.of("cold")));
            double coldMs = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            var second = admin.patch(path, Map.of("addTags", List.of("warm")));
            double warmMs = (System.nanoTime() - t0) / 1e6;
            if (first.status() != 200 || second.status() != 200) {
                throw new IllegalStateException("a command after the restart failed: " + first.text() + second.text());
            }
            long revision = first.json().get("revision").asLong();
            System.out.printf(Locale.ROOT, "after a restart and %d commands on a small document: the first command "
                    + "on this one (revision %d; the aggregate loaded from its snapshot at revision %d and %d events "
                    + "after it) took %.1f ms, the second %.1f ms%n",
                    WARM_UP_COMMANDS, revision, snapshot, revision - 1 - snapshot, coldMs, warmMs);
        }
    }

    private static Document snapshot(MongoClient client, String doc) {
        return client.getDatabase("margin").getCollection(StoredEvents.SNAPSHOTS)
                .find(Filters.eq("_id", doc)).first();
    }

    private static long latestSnapshot(int mongoPort, String doc) {
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + mongoPort)) {
            Document snapshot = snapshot(client, doc);
            return snapshot == null ? -1 : ((Number) snapshot.get("sequenceNumber")).longValue();
        }
    }
}
