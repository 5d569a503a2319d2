package org.margin.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.margin.bench.ConcurrencyBenchmark.Operation;
import org.margin.bench.ConcurrencyBenchmark.Phase;

/**
 * A second baseline for the commands: the raw driver doing the writes one command leaves in the store,
 * and nothing else, committed as a command is. Where the raw insert answers "how fast is one durable
 * write", this answers "how fast could a command be on this store if the application's own code cost
 * nothing": HTTP, security, Axon, hashing and the processors' reads are all left out.
 *
 * <p>Per operation, one request each, then the commit ({@link RawStore#commit}):
 * <ol>
 *   <li>the event, as the raw baseline's insert, with the app's keys: {@code _id} its store position and a
 *       unique {@code stream} ({@code document#revision});</li>
 *   <li>the annotation's view record, replaced (an edit or a tag change of the document's first note) or
 *       inserted (a new note), in the app's field layout;</li>
 *   <li>the document's view header and its catalogue row, each moved to the new revision;</li>
 *   <li>the audit record, keyed by stream and revision as the app keys it;</li>
 *   <li>two tracking tokens (the {@code projections} and {@code audit} processors').</li>
 * </ol>
 * The command mix is the benchmark's (half new notes). The app applies its processors' writes in batches
 * of several commands when busy, so at high concurrency it sends fewer requests than this baseline; it
 * also reads (the views' headers and records, the audit log's last revision, the event store's tail),
 * which this baseline does not.
 */
final class StoreWorkBaseline {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    /**
     * Which writes an operation makes, to see each one's share: any of events, views (or one of its
     * three: records, headers, catalogue), audit, tokens.
     */
    private static final List<String> PARTS =
            List.of(System.getProperty("margin.bench.store-work", "events,views,audit,tokens").split(","));

    /** How many documents the operations write to, in turn: the commands benchmark's 50 unless set. */
    private static final int DOCUMENTS =
            Integer.getInteger("margin.bench.store-work.documents", ConcurrencyBenchmark.DOCUMENTS);

    private StoreWorkBaseline() {
    }

    /**
     * Both baselines alone, without the app, at each concurrency: a quick look at how much of the raw
     * insert's rate the store leaves a command.
     *
     * <pre>mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
     *     -Dexec.mainClass=org.margin.bench.StoreWorkBaseline -Dexec.args="20 1,16"</pre>
     * Arguments: seconds per phase, concurrencies. {@code -Dmargin.bench.store-work=events,audit} makes
     * only those writes; {@code -Dmargin.bench.store-work.documents=2000} spreads them over that many
     * documents (and catalogue rows).
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String levels = args.length > 1 ? args[1] : "1,16";
        for (String quiet : List.of("de.bwaldvogel", "org.mongodb")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(quiet)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        System.out.printf(Locale.ROOT, "machine: %d cores, java %s; %s; %d s per phase; store work: %s, %d documents%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), RawStore.describe(), seconds,
                String.join(",", PARTS), DOCUMENTS);
        List<String> rows = new ArrayList<>();
        for (String level : levels.split(",")) {
            int c = Integer.parseInt(level);
            Phase raw = ConcurrencyBenchmark.raw(c, seconds)[0];
            Phase store = run(c, seconds)[0];
            rows.add(String.format(Locale.ROOT, "%2d  %12.0f  %12.0f  %17.3f", c, raw.perSecond(), store.perSecond(),
                    store.perSecond() / raw.perSecond()));
        }
        System.out.println();
        System.out.println(" C  raw insert/s  store work/s  store work / raw");
        rows.forEach(System.out::println);
    }

    static Phase[] run(int c, int seconds) throws Exception {
        return RawStore.served("store-work-bench", (backend, database) -> {
            Operation operation = operation(database, backend);
            AtomicLong sequence = new AtomicLong();
            ConcurrencyBenchmark.closed(operation, c, 2, sequence);
            Phase closed = ConcurrencyBenchmark.closed(operation, c, seconds, sequence);
            System.out.printf(Locale.ROOT, "store work C=%d: %.0f commands' writes/s, p50 %.2f ms, p99 %.2f ms%n", c,
                    closed.perSecond(), ConcurrencyBenchmark.ms(closed.latency(), 50),
                    ConcurrencyBenchmark.ms(closed.latency(), 99));
            return new Phase[] {closed};
        });
    }

    private static Operation operation(MongoDatabase db, H2Backend backend) {
        MongoCollection<Document> events = db.getCollection("events");
        MongoCollection<Document> records = db.getCollection("annotation_views");
        MongoCollection<Document> headers = db.getCollection("document_views");
        MongoCollection<Document> catalogue = db.getCollection("documents");
        MongoCollection<Document> audit = db.getCollection("audit_log");
        MongoCollection<Document> tokens = db.getCollection("trackingtokens");
        events.createIndex(Indexes.ascending("stream"), new IndexOptions().unique(true));
        tokens.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
        int documents = DOCUMENTS;
        String[] docs = new String[documents];
        List<AtomicLong> revisions = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            docs[d] = UUID.randomUUID().toString();
            revisions.add(new AtomicLong(1));
            catalogue.insertOne(new Document("_id", docs[d]).append("groupId", "group").append("title", "d" + d)
                    .append("format", "text").append("revision", 1L).append("annotationCount", 1)
                    .append("updatedAt", new Date()));
            records.insertOne(record(docs[d], "seed-" + d, 1, "seed", List.of()));
        }
        for (String processor : List.of("projections", "audit")) {
            tokens.insertOne(new Document("processorName", processor).append("segment", 0).append("owner", "node")
                    .append("token", "{\"index\":0}").append("tokenType", "GlobalSequenceToken")
                    .append("timestamp", Instant.now().toString()));
        }
        String payload = "{\"documentId\":\"x\",\"annotationId\":\"y\",\"target\":{\"selector\":[]},\"body\":\"note\"}".repeat(6);
        AtomicLong positions = new AtomicLong();
        return (worker, n) -> {
            int d = (int) (n % documents);
            long revision = revisions.get(d).incrementAndGet();
            long position = positions.incrementAndGet();
            String stream = docs[d];
            if (PARTS.contains("events")) {
                events.insertOne(new Document("_id", position).append("stream", stream + "#" + revision)
                        .append("aggregateIdentifier", stream).append("sequenceNumber", revision)
                        .append("type", "DocumentAnnotations").append("timeStamp", Instant.now().toString())
                        .append("payloadType", "AnnotationAdded").append("serializedPayload", payload)
                        .append("serializedMetaData", "{\"actor\":\"writer\"}")
                        .append("eventIdentifier", UUID.randomUUID().toString()));
            }
            if (part("records")) {
                int kind = ConcurrencyBenchmark.kind(n);
                Document view = kind == 0 ? record(stream, UUID.randomUUID().toString(), revision, "note " + n, List.of())
                        : record(stream, "seed-" + d, revision, kind == 1 ? "edit " + n : "seed", ConcurrencyBenchmark.tags(n));
                records.replaceOne(Filters.eq("_id", view.getString("_id")), view, UPSERT);
            }
            if (part("headers")) {
                headers.replaceOne(Filters.eq("_id", stream),
                        new Document("_id", stream).append("revision", revision).append("count", (int) revision), UPSERT);
            }
            if (part("catalogue")) {
                catalogue.updateOne(Filters.and(Filters.eq("_id", stream), Filters.lt("revision", revision)),
                        Updates.combine(Updates.set("revision", revision), Updates.set("updatedAt", new Date()),
                                Updates.set("annotationCount", (int) revision)));
            }
            if (PARTS.contains("audit")) {
                String id = stream + "/" + revision;
                audit.replaceOne(Filters.eq("_id", id), new Document("_id", id)
                        .append("revision", revision).append("documentId", stream).append("groupId", "group")
                        .append("type", "AnnotationAdded").append("actor", "writer").append("timestamp", new Date())
                        .append("summary", "writer added a note: note " + n), UPSERT);
            }
            if (PARTS.contains("tokens")) {
                for (String processor : List.of("projections", "audit")) {
                    tokens.updateOne(Filters.and(Filters.eq("processorName", processor), Filters.eq("segment", 0)),
                            Updates.combine(Updates.set("token", "{\"index\":" + position + "}"),
                                    Updates.set("timestamp", Instant.now().toString())));
                }
            }
            RawStore.commit(backend);
            return true;
        };
    }

    private static boolean part(String view) {
        return PARTS.contains("views") || PARTS.contains(view);
    }

    /** An annotation's view record with the app's fields: a position selector, a body, tags, its author. */
    private static Document record(String documentId, String annotationId, long revision, String text,
                                   List<String> tags) {
        String now = Instant.now().toString();
        return new Document("_id", documentId + "/" + annotationId).append("id", annotationId)
                .append("target", new Document("selector", List.of(new Document("type", "TextPositionSelector")
                        .append("start", 10).append("end", 15))))
                .append("body", new Document("text", text)).append("tags", tags).append("sources", List.of())
                .append("replies", List.of()).append("status", "open")
                .append("author", "writer").append("created", now).append("modified", now)
                .append("createdRevision", revision).append("modifiedRevision", revision)
                .append("documentId", documentId).append("order", revision);
    }
}
