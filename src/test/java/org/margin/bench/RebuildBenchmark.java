package org.margin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.margin.support.ApiClient;
import org.margin.support.TempStores;

/**
 * Rebuild throughput: seeds a fresh embedded store through the REST API (several writers over many
 * documents: notes, replies and edits), then rebuilds every view and prints events/s, next to the raw
 * driver scanning the same events collection, and checks that the rebuilt views equal the old ones.
 *
 * <pre>mvn -B -q -DskipTests package test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.margin.bench.RebuildBenchmark -Dexec.args="100000 100 8"</pre>
 * Arguments: events to store (default 100,000), documents (default 100), concurrent writers (default 8),
 * and whether to compare every view before and after (default true; it waits for the projection first).
 */
public final class RebuildBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int writers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        boolean compare = args.length <= 3 || Boolean.parseBoolean(args[3]);
        Path data = TempStores.create("margin-rebuild-bench");
        int mongoPort = PackagedApp.freePort();
        try (PackagedApp app = PackagedApp.start(data, "-Xmx512m", "--margin.embedded.port=" + mongoPort)) {
            ApiClient admin = app.admin;
            String group = admin.post("/api/groups", Map.of("name", "bench")).json().get("id").asText();
            List<String> docs = new ArrayList<>();
            for (int d = 0; d < documents; d++) {
                docs.add(admin.post("/api/documents", Map.of("groupId", group, "title", "doc " + d, "format", "text",
                        "content", "Rebuild benchmark 重建 🧭 ".repeat(60))).json().get("id").asText());
            }
            long t0 = System.nanoTime();
            AtomicInteger next = new AtomicInteger(documents);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                work.add(pool.submit(() -> seed(admin, docs, next, events)));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
            double seedSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "seeded %d events over %d documents in %.0f s (%.0f commands/s, %d writers)%n",
                    next.get(), documents, seedSeconds, (next.get() - documents) / seedSeconds, writers);
            List<JsonNode> before = new ArrayList<>();
            if (compare) {
                awaitViews(admin, docs);
                docs.forEach(d -> before.add(admin.get("/api/documents/" + d + "/annotations").json()));
            }

            admin.post("/api/admin/rebuild", null);
            while (admin.get("/api/admin/rebuild").json().get("running").asBoolean()) {
                Thread.sleep(100);
            }
            RawScan.printRebuild(admin.get("/api/admin/rebuild").json(), mongoPort);
            awaitViews(admin, docs);
            long same = 0;
            if (!compare) {
                System.out.println("views not compared (pass true as the fourth argument)");
                docs.clear();
            }
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
            RawScan.print(mongoPort);
        }
    }

    /** Each writer takes the next event number and turns it into a note, a reply or an edit. */
    private static final Map<String, Long> STORED = new java.util.concurrent.ConcurrentHashMap<>();

    static void seed(ApiClient admin, List<String> docs, AtomicInteger next, int events) {
        Map<String, String> lastNote = new java.util.HashMap<>();
        for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
            String doc = docs.get(i % docs.size());
            String note = lastNote.get(doc);
            JsonNode answer;
            if (note != null && i % 4 == 1) {
                answer = admin.post("/api/documents/" + doc + "/annotations/" + note + "/replies", Map.of("text", "r" + i)).json();
            } else if (note != null && i % 4 == 2) {
                answer = admin.patch("/api/documents/" + doc + "/annotations/" + note, Map.of("body", Map.of("text", "e" + i))).json();
            } else {
                int at = i % 1000;
                answer = admin.post("/api/documents/" + doc + "/annotations", Map.of("target", Map.of("selector",
                        List.of(Map.of("type", "TextPositionSelector", "start", at, "end", at + 4))),
                        "body", Map.of("text", "n" + i), "tags", List.of("t" + i % 7))).json();
                lastNote.put(doc, answer.get("annotationId").asText());
            }
            STORED.merge(doc, answer.get("revision").asLong(), Math::max);
        }
    }

    /** Until every document's view has caught up with the last revision a writer was told was stored. */
    private static void awaitViews(ApiClient admin, List<String> docs) throws InterruptedException {
        for (String doc : docs) {
            long revision = STORED.getOrDefault(doc, 0L);
            while (admin.get("/api/documents/" + doc + "/annotations").json().path("revision").asLong(-1) < revision) {
                Thread.sleep(50);
            }
        }
    }
}
