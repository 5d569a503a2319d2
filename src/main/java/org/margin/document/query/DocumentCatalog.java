package org.margin.document.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.margin.document.api.DocumentRegistered;
import org.margin.document.api.Format;

/**
 * The {@code documents} collection: one row per document with its group and counters; the content,
 * written once, is in {@code document_contents}.
 * Written only by {@link DocumentProjection}; every write is guarded by the revision it applies.
 */
public class DocumentCatalog {

    private static final int MAX_KNOWN_GROUPS = 100_000;

    private final MongoCollection<Document> documents;
    private final MongoCollection<Document> contents;
    /** A document's group is fixed when it is registered, so once read it is kept (bounded). */
    private final Map<String, String> groups = new ConcurrentHashMap<>();

    DocumentCatalog(MongoDatabase database) {
        this.documents = database.getCollection("documents");
        this.contents = database.getCollection("document_contents");
        documents.createIndex(Indexes.ascending("groupId"));
    }

    void register(DocumentRegistered e, RecordedEvent change) {
        Date at = Date.from(change.timestamp());
        // the content is written once, apart from the row whose counters change with every event
        contents.replaceOne(Filters.eq("_id", e.documentId()), new Document("_id", e.documentId())
                .append("content", e.content()), new com.mongodb.client.model.ReplaceOptions().upsert(true));
        documents.updateOne(Filters.eq("_id", e.documentId()), Updates.combine(
                Updates.setOnInsert("groupId", e.groupId()),
                Updates.setOnInsert("title", e.title()),
                Updates.setOnInsert("format", e.format().json()),
                Updates.setOnInsert("language", e.language()),
                Updates.setOnInsert("createdBy", change.actor()),
                Updates.setOnInsert("revision", change.revision()),
                Updates.setOnInsert("annotationCount", 0),
                Updates.setOnInsert("updatedAt", at)), new UpdateOptions().upsert(true));
    }

    /** Where a document's row moves to: the revision applied, its annotation count and last change. */
    record Advance(long revision, int annotationCount, Instant updatedAt) {
    }

    void advance(String documentId, long revision, int annotationCount, Instant updatedAt) {
        advanceAll(Map.of(documentId, new Advance(revision, annotationCount, updatedAt)));
    }

    /** Moves several documents' rows in one request, each only forward. */
    void advanceAll(Map<String, Advance> advances) {
        List<UpdateOneModel<Document>> writes = new ArrayList<>(advances.size());
        advances.forEach((documentId, a) -> writes.add(new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", documentId), Filters.lt("revision", a.revision())),
                Updates.combine(Updates.set("revision", a.revision()),
                        Updates.set("updatedAt", Date.from(a.updatedAt())),
                        Updates.set("annotationCount", a.annotationCount())))));
        if (!writes.isEmpty()) {
            documents.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    public Optional<DocumentSummary> find(String id) {
        return Optional.ofNullable(documents.find(Filters.eq("_id", id)).first()).map(d -> {
            Document content = contents.find(Filters.eq("_id", id)).first();
            return summary(d.append("content", content == null ? null : content.getString("content")), true);
        });
    }

    /** The document's group, or empty while the catalogue does not list it. */
    public Optional<String> groupOf(String id) {
        String known = groups.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Document d = documents.find(Filters.eq("_id", id)).projection(Projections.include("groupId")).first();
        String group = d == null ? null : d.getString("groupId");
        if (group != null) {
            if (groups.size() >= MAX_KNOWN_GROUPS) {
                groups.clear();
            }
            groups.put(id, group);
        }
        return Optional.ofNullable(group);
    }

    public List<DocumentSummary> inGroup(String groupId) {
        return documents.find(Filters.eq("groupId", groupId)).sort(Sorts.ascending("title"))
                .map(d -> summary(d, false)).into(new ArrayList<>());
    }

    /** Waits until the catalogue lists a document, so its creator can use it as soon as it is acknowledged. */
    public boolean awaitListed(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (groupOf(id).isPresent()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return groupOf(id).isPresent();
    }

    private static DocumentSummary summary(Document d, boolean withContent) {
        Date updated = d.getDate("updatedAt");
        return new DocumentSummary(d.getString("_id"), d.getString("groupId"), d.getString("title"),
                Format.of(d.getString("format")), d.getString("language"),
                withContent ? d.getString("content") : null,
                ((Number) d.get("revision")).longValue(), ((Number) d.get("annotationCount")).intValue(),
                updated == null ? null : updated.toInstant());
    }

}
