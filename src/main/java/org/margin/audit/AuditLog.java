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
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** The {@code audit_log} collection, newest first, filtered only through {@link AuditQuery}. */
@Component
class AuditLog {

    private final MongoCollection<Document> records;
    private final MongoCollection<Document> streams;

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
    }

    boolean has(String stream, long revision) {
        return records.find(Filters.eq("_id", stream + "/" + revision)).first() != null;
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
    }

    Optional<String> groupOf(String documentId) {
        return Optional.ofNullable(streams.find(Filters.eq("_id", documentId)).first()).map(d -> d.getString("groupId"));
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
