package org.margin.audit;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** The {@code audit_log} collection, newest first, filtered only through {@link AuditQuery}. */
@Component
class AuditLog {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    /** Streams (and documents) remembered below; past that, the memory starts again empty. */
    private static final int REMEMBERED = 100_000;

    private final MongoCollection<Document> records;
    private final MongoCollection<Document> streams;
    /**
     * The highest revision of each stream this log has written. Records are never deleted, so a revision
     * remembered here is recorded, whichever node writes the stream later; the processor's gap check of
     * each batch usually asks for exactly that revision, and need not read it.
     */
    private final Map<String, Long> lastWritten = new ConcurrentHashMap<>();
    /** A document's group, fixed when it is registered. */
    private final Map<String, String> groups = new ConcurrentHashMap<>();

    AuditLog(MongoDatabase database) {
        this.records = database.getCollection("audit_log");
        this.streams = database.getCollection("audit_streams");
        records.createIndex(Indexes.descending("timestamp", "revision"));
        records.createIndex(Indexes.ascending("groupId", "timestamp"));
        records.createIndex(Indexes.ascending("documentId", "timestamp"));
        records.createIndex(Indexes.ascending("actor", "timestamp"));
        records.createIndex(Indexes.ascending("type", "timestamp"));
    }

    /** Writes records in one request; a record replaces the one of its stream and revision. */
    void recordAll(Map<String, List<AuditRecord>> byStream) {
        Map<String, ReplaceOneModel<Document>> writes = new LinkedHashMap<>();
        byStream.forEach((stream, list) -> list.forEach(r -> {
            String id = id(stream, r.revision());
            writes.put(id, new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id)
                    .append("revision", r.revision()).append("documentId", r.documentId())
                    .append("groupId", r.groupId()).append("type", r.type()).append("actor", r.actor())
                    .append("timestamp", Date.from(r.timestamp())).append("summary", r.summary()), UPSERT));
        }));
        if (!writes.isEmpty()) {
            // one write per id, so they commute
            records.bulkWrite(new ArrayList<>(writes.values()), new BulkWriteOptions().ordered(false));
        }
        byStream.forEach((stream, list) -> list.stream().mapToLong(AuditRecord::revision).max()
                .ifPresent(last -> remember(lastWritten, stream, last, Math::max)));
    }

    /** Which of these streams' revisions are recorded, as {@code stream/revision} ids. */
    Set<String> recorded(Map<String, Long> revisionByStream) {
        Set<String> found = new HashSet<>();
        List<String> ids = new ArrayList<>();
        revisionByStream.forEach((stream, revision) -> {
            Long written = lastWritten.get(stream);
            (written != null && written.longValue() == revision ? found : ids).add(id(stream, revision));
        });
        if (!ids.isEmpty()) {
            records.find(Filters.in("_id", ids)).projection(Projections.include("_id"))
                    .forEach(d -> found.add(d.getString("_id")));
        }
        return found;
    }

    static String id(String stream, long revision) {
        return stream + "/" + revision;
    }

    boolean has(String stream, long revision) {
        return records.find(Filters.eq("_id", id(stream, revision))).first() != null;
    }

    /** The highest revision below {@code before} already recorded for a stream, or -1. */
    long lastRecorded(String stream, long before) {
        for (long r = before - 1; r >= 0; r--) {
            if (has(stream, r)) {
                return r;
            }
        }
        return -1;
    }

    /** Notes the group of each document, in one request. */
    void rememberGroups(Map<String, String> groupByDocument) {
        List<ReplaceOneModel<Document>> writes = new ArrayList<>();
        groupByDocument.forEach((documentId, groupId) -> writes.add(new ReplaceOneModel<>(Filters.eq("_id", documentId),
                new Document("_id", documentId).append("groupId", groupId), UPSERT)));
        if (!writes.isEmpty()) {
            streams.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        groupByDocument.forEach((documentId, groupId) -> remember(groups, documentId, groupId, (old, now) -> now));
    }

    /** The noted groups of these documents; a document not noted is absent. */
    Map<String, String> groupsOf(Collection<String> documentIds) {
        Map<String, String> found = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String documentId : documentIds) {
            String group = groups.get(documentId);
            if (group != null) {
                found.put(documentId, group);
            } else {
                unknown.add(documentId);
            }
        }
        if (!unknown.isEmpty()) {
            streams.find(Filters.in("_id", unknown)).forEach(d -> {
                found.put(d.getString("_id"), d.getString("groupId"));
                remember(groups, d.getString("_id"), d.getString("groupId"), (old, now) -> now);
            });
        }
        return found;
    }

    private static <V> void remember(Map<String, V> memory, String key, V value,
                                     BinaryOperator<V> merge) {
        if (key == null || value == null) {
            return;
        }
        if (memory.size() >= REMEMBERED) {
            memory.clear();
        }
        memory.merge(key, value, merge);
    }

    List<AuditRecord> page(AuditQuery query, int page, int size) {
        return find(query).skip(page * size).limit(size).map(AuditLog::record).into(new ArrayList<>());
    }

    long count(AuditQuery query) {
        return records.countDocuments(filter(query));
    }

    /** Every matching record, newest first, one at a time: an export of any size in constant memory. */
    void forEach(AuditQuery query, Consumer<AuditRecord> consumer) {
        find(query).batchSize(500).forEach(d -> consumer.accept(record(d)));
    }

    private FindIterable<Document> find(AuditQuery query) {
        return records.find(filter(query)).sort(Sorts.descending("timestamp", "revision"));
    }

    private static Bson filter(AuditQuery q) {
        List<Bson> all = new ArrayList<>();
        if (q.scope() != null) {
            all.add(Filters.in("groupId", q.scope()));
        }
        if (q.groupId() != null) {
            all.add(Filters.eq("groupId", q.groupId()));
        }
        if (q.documentId() != null) {
            all.add(Filters.eq("documentId", q.documentId()));
        }
        if (q.actor() != null) {
            all.add(Filters.eq("actor", q.actor()));
        }
        if (q.type() != null) {
            all.add(Filters.eq("type", q.type()));
        }
        if (q.from() != null) {
            all.add(Filters.gte("timestamp", Date.from(q.from())));
        }
        if (q.to() != null) {
            all.add(Filters.lte("timestamp", Date.from(q.to())));
        }
        return all.isEmpty() ? new Document() : Filters.and(all);
    }

    private static AuditRecord record(Document d) {
        return new AuditRecord(((Number) d.get("revision")).longValue(), d.getString("documentId"),
                d.getString("groupId"), d.getString("type"), d.getString("actor"), d.getDate("timestamp").toInstant(),
                d.getString("summary"));
    }
}
