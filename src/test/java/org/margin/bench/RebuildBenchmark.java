package org.margin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.margin.support.ApiClient;
import org.margin.support.FreePorts;
import org.margin.support.TempStores;

/**
 * Rebuild throughput: seeds a fresh embedded store through the REST API (several writers over many
 * documents: notes, replies and edits), then rebuilds every view and prints events/s, next to the raw
 * driver scanning the same events collection, and checks that the rebuilt views equal the old ones.
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.RebuildBenchmark -Dexec.args="100000 100 8"</pre>
 * Arguments: events to store (default 100,000), documents (default 100), concurrent writers (default 8),
 * whether to compare every view before and after (default true; it waits for the projection first), and
 * how many rebuilds to run one after the other on the seeded store (default 1).
 */
public final class RebuildBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int writers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        boolean compare = args.length <= 3 || Boolean.parseBoolean(args[3]);
        int rebuilds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Path data = TempStores.create("margin-rebuild-bench");
        int mongoPort = FreePorts.next();
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m", "--margin.embedded.port=" + mongoPort)) {
            ApiClient admin = app.admin;
            Seeding seeding = new Seeding(admin, documents);
            List<String> docs = seeding.documents;
            double seedSeconds = seeding.write(writers, events, () -> { });
            System.out.printf(Locale.ROOT, "seeded %d events over %d documents in %.0f s (%.0f commands/s, %d writers)%n",
                    events, documents, seedSeconds, (events - documents) / seedSeconds, writers);
            List<JsonNode> before = new ArrayList<>();
            long waited = System.nanoTime();
            seeding.awaitViews();
            System.out.printf(Locale.ROOT, "the views caught up %.0f s after the seeding%n", (System.nanoTime() - waited) / 1e9);
            if (compare) {
                docs.forEach(d -> before.add(admin.get("/api/documents/" + d + "/annotations").json()));
            }
            System.out.printf(Locale.ROOT, "the audit log caught up %.0f s after the views%n", seeding.awaitAudit());

            for (int r = 0; r < rebuilds; r++) {
                admin.post("/api/admin/rebuild", null);
                while (admin.get("/api/admin/rebuild").json().get("running").asBoolean()) {
                    Thread.sleep(100);
                }
                RawScan.printRebuild(admin.get("/api/admin/rebuild").json(), mongoPort);
                seeding.awaitViews();
            }
            if (compare) {
                long same = 0;
                for (int d = 0; d < docs.size(); d++) {
                    JsonNode after = admin.get("/api/documents/" + docs.get(d) + "/annotations").json();
                    if (after.equals(before.get(d))) {
                        same++;
                    } else if (same == d) {
                        System.out.println("first difference, before: " + before.get(d).toString().substring(0, 600));
                        System.out.println("first difference, after:  " + after.toString().substring(0, 600));
                    }
                }
                System.out.printf(Locale.ROOT, "views identical after the rebuild: %d of %d%n", same, docs.size());
            } else {
                System.out.println("views not compared (pass true as the fourth argument)");
            }
            RawScan.print(mongoPort);
        }
    }
}
