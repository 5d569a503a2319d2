package org.margin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.margin.support.ApiClient;

/**
 * The load of the rebuild and store-file benchmarks: one group of documents, then concurrent REST writers
 * that turn numbered commands into notes, replies and edits, spread over the documents.
 */
final class Seeding {

    /** Long enough for every note's position (up to 1,004 code points), with Chinese and an emoji. */
    private static final String CONTENT = "Seeded document 文档 🧭 ".repeat(60);

    final List<String> documents = new ArrayList<>();
    /** The last revision each document's writers were told was stored. */
    final Map<String, Long> stored = new ConcurrentHashMap<>();
    private final ApiClient admin;

    Seeding(ApiClient admin, int documents) {
        this.admin = admin;
        String group = admin.post("/api/groups", Map.of("name", "bench")).json().get("id").asText();
        for (int d = 0; d < documents; d++) {
            this.documents.add(admin.post("/api/documents", Map.of("groupId", group, "title", "doc " + d,
                    "format", "text", "content", CONTENT)).json().get("id").asText());
        }
    }

    /**
     * Writes commands numbered from the document count up to {@code events} with {@code writers} threads,
     * calling {@code every10Seconds} while they run; answers the seconds it took.
     */
    double write(int writers, int events, Runnable every10Seconds) throws Exception {
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger(documents.size());
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            work.add(pool.submit(() -> write(next, events)));
        }
        pool.shutdown();
        while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            every10Seconds.run();
        }
        for (Future<?> f : work) {
            f.get();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Each writer takes the next command number and turns it into a note, a reply or an edit. */
    private void write(AtomicInteger next, int events) {
        Map<String, String> lastNote = new HashMap<>();
        for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
            String doc = documents.get(i % documents.size());
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
            stored.merge(doc, answer.get("revision").asLong(), Math::max);
        }
    }

    /** Until every document's view has caught up with the last revision its writers were told was stored. */
    void awaitViews() throws InterruptedException {
        for (String doc : documents) {
            long revision = stored.getOrDefault(doc, 0L);
            while (admin.get("/api/documents/" + doc + "/annotations").json().path("revision").asLong(-1) < revision) {
                Thread.sleep(50);
            }
        }
    }

    /**
     * Until the audit log holds a record of every document event the writers were told was stored (the
     * revisions count from 0); answers the seconds waited. Its processor trails heavy seeding, and a
     * measurement taken while it catches up shares the cores with it.
     */
    double awaitAudit() throws InterruptedException {
        long t0 = System.nanoTime();
        long events = stored.values().stream().mapToLong(r -> r + 1).sum();
        long total;
        while ((total = admin.get("/api/audit?size=1").json().path("total").asLong()) < events) {
            if (System.nanoTime() - t0 > 600e9) {
                System.out.printf("the audit log holds %d records of %d after 10 minutes; measuring anyway%n", total, events);
                break;
            }
            Thread.sleep(1_000);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
