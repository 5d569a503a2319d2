package org.margin.document.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.margin.document.api.DocumentRegistered;
import org.margin.document.api.Format;

/**
 * The {@code documents} collection: one row per document with its content, group and counters.
 * Written only by {@link DocumentProjection}; every write is guarded by the revision it applies.
 */
public class DocumentCatalog {

    private final MongoCollection<Document> documents;

    DocumentCatalog(MongoDatabase database) {
        this.documents = database.getCollection("documents");
        documents.createIndex(Indexes.ascending("groupId"));
    }

    void register(DocumentRegistered e, RecordedEvent change) {
        Date at = Date.from(change.timestamp());
        documents.updateOne(Filters.eq("_id", e.documentId()), Updates.combine(
                Updates.setOnInsert("groupId", e.groupId()),
                Updates.setOnInsert("title", e.title()),
                Updates.setOnInsert("format", e.format().json()),
                Updates.setOnInsert("language", e.language()),
                Updates.setOnInsert("content", e.content()),
                Updates.setOnInsert("createdBy", change.actor()),
                Updates.setOnInsert("revision", change.revision()),
                Updates.setOnInsert("annotationCount", 0),
                Updates.setOnInsert("updatedAt", at)), new UpdateOptions().upsert(true));
    }

    void advance(DocumentView view, java.time.Instant updatedAt) {
        documents.updateOne(
                Filters.and(Filters.eq("_id", view.documentId()), Filters.lt("revision", view.revision())),
                Updates.combine(Updates.set("revision", view.revision()),
                        Updates.set("updatedAt", Date.from(updatedAt)),
                        Updates.set("annotationCount", view.annotations().size())));
    }

    public Optional<DocumentSummary> find(String id) {
        return Optional.ofNullable(documents.find(Filters.eq("_id", id)).first()).map(d -> summary(d, true));
    }

    public Optional<String> groupOf(String id) {
        Document d = documents.find(Filters.eq("_id", id)).projection(Projections.include("groupId")).first();
        return Optional.ofNullable(d).map(x -> x.getString("groupId"));
    }

    public List<DocumentSummary> inGroup(String groupId) {
        Bson fields = Projections.exclude("content");
        return documents.find(Filters.eq("groupId", groupId)).projection(fields).sort(Sorts.ascending("title"))
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
