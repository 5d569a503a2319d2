package org.margin.audit;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** The {@code audit_log} collection, newest first, filtered only through {@link AuditQuery}. */
@Component
class AuditLog {

    private static final int MAX_CACHED = 100_000;

    private final MongoCollection<Document> records;
    private final MongoCollection<Document> streams;
    private final Map<String, String> groups = new ConcurrentHashMap<>();
    /** Per stream, the highest revision known to be recorded: the gap check of the common case costs no read. */
    private final Map<String, Long> recorded = new ConcurrentHashMap<>();

    AuditLog(MongoDatabase database) {
        this.records = database.getCollection("audit_log");
        this.streams = database.getCollection("audit_streams");
        records.createIndex(Indexes.descending("timestamp", "revision"));
        records.createIndex(Indexes.ascending("groupId", "timestamp"));
        records.createIndex(Indexes.ascending("documentId", "timestamp"));
        records.createIndex(Indexes.ascending("actor", "timestamp"));
        records.createIndex(Indexes.ascending("type", "timestamp"));
    }

    void record(String stream, AuditRecord r) {
        String id = stream + "/" + r.revision();
        Document doc = new Document("_id", id).append("revision", r.revision()).append("documentId", r.documentId())
                .append("groupId", r.groupId()).append("type", r.type()).append("actor", r.actor())
                .append("timestamp", Date.from(r.timestamp())).append("summary", r.summary());
        records.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true));
        remember(recorded, stream, r.revision(), Math::max);
    }

    /** Records are never removed, so a revision recorded once (by this node or read back) stays recorded. */
    boolean has(String stream, long revision) {
        Long known = recorded.get(stream);
        if (known != null && known == revision) {
            return true;
        }
        boolean stored = records.find(Filters.eq("_id", stream + "/" + revision)).first() != null;
        if (stored) {
            remember(recorded, stream, revision, Math::max);
        }
        return stored;
    }

    private static <V> void remember(Map<String, V> cache, String key, V value, BinaryOperator<V> merge) {
        if (cache.size() >= MAX_CACHED && !cache.containsKey(key)) {
            cache.clear();
        }
        cache.merge(key, value, merge);
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

    void rememberGroup(String documentId, String groupId) {
        streams.replaceOne(Filters.eq("_id", documentId), new Document("_id", documentId).append("groupId", groupId),
                new ReplaceOptions().upsert(true));
        remember(groups, documentId, groupId, (old, now) -> now);
    }

    /** A document's group is fixed when it is registered, so once read it is kept (up to 100,000 documents). */
    Optional<String> groupOf(String documentId) {
        String known = groups.get(documentId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> group = Optional.ofNullable(streams.find(Filters.eq("_id", documentId)).first())
                .map(d -> d.getString("groupId"));
        group.ifPresent(g -> remember(groups, documentId, g, (old, now) -> now));
        return group;
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
