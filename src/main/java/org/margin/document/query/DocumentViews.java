package org.margin.document.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * The live per-document views, stored one annotation per record ({@code annotation_views}, in creation
 * order) under a small header per document ({@code document_views}: the revision applied and the count).
 * A change touches one small record, whatever the size of the document. Assembled views are cached,
 * and a cached view is used only while its revision equals the header's, so several nodes stay correct.
 * Written only by {@link DocumentProjection}.
 */
public class DocumentViews {

    private static final int CACHED_DOCUMENTS = 64;
    private static final int READ_ATTEMPTS = 5;
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> headers;
    private final MongoCollection<Document> annotations;
    /** The same collection, written with records encoded by {@link AnnotationRecords}. */
    private final MongoCollection<RawBsonDocument> records;
    private final ObjectMapper mapper;
    private final Map<String, DocumentView> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DocumentView> eldest) {
            return size() > CACHED_DOCUMENTS;
        }
    };

    DocumentViews(MongoDatabase database, ObjectMapper mapper) {
        this.headers = database.getCollection("document_views");
        this.annotations = database.getCollection("annotation_views");
        this.records = annotations.withDocumentClass(RawBsonDocument.class);
        this.mapper = mapper;
        createIndexes();
    }

    /**
     * The stored view. A read that falls between the projection's write of an annotation record and of
     * the header sees a record one revision ahead of the header; it is read again, and only a view whose
     * records all match its header is cached (the cache moves on with each event, so a record ahead of it
     * would take the same event twice).
     */
    public Optional<DocumentView> find(String documentId) {
        for (int attempt = 1; ; attempt++) {
            long revision = revision(documentId);
            if (revision < 0) {
                return Optional.empty();
            }
            synchronized (cache) {
                DocumentView cached = cache.get(documentId);
                if (cached != null && cached.revision() == revision) {
                    return Optional.of(cached);
                }
            }
            List<AnnotationView> list = new ArrayList<>();
            annotations.find(Filters.eq("documentId", documentId)).sort(Sorts.ascending("order"))
                    .forEach(d -> list.add(fromBson(d)));
            DocumentView view = new DocumentView(documentId, revision, list);
            boolean settled = list.stream().allMatch(a -> a.modifiedRevision() <= revision)
                    && revision(documentId) == revision;
            if (settled) {
                synchronized (cache) {
                    cache.put(documentId, view);
                }
            }
            if (settled || attempt == READ_ATTEMPTS) {
                return Optional.of(view);
            }
        }
    }

    /** What the stored view reflects: its revision (-1 if none) and its annotation count. */
    record Header(long revision, int count) {
        static final Header NONE = new Header(-1, 0);
    }

    Header header(String documentId) {
        return headers(List.of(documentId)).getOrDefault(documentId, Header.NONE);
    }

    /** The revision the stored view reflects, or -1. */
    long revision(String documentId) {
        Document header = headers.find(Filters.eq("_id", documentId)).first();
        return header == null ? -1 : ((Number) header.get("revision")).longValue();
    }

    /** The stored headers of these documents; a document with no view is absent. */
    Map<String, Header> headers(Collection<String> documentIds) {
        Map<String, Header> found = new HashMap<>();
        headers.find(Filters.in("_id", documentIds)).forEach(h -> found.put(h.getString("_id"), new Header(
                ((Number) h.get("revision")).longValue(), ((Number) h.get("annotationCount")).intValue())));
        return found;
    }

    /** The stored annotations of these ids, per document; an id with no record is absent. */
    Map<String, Map<String, AnnotationView>> annotations(Map<String, ? extends Collection<String>> idsByDocument) {
        List<String> keys = new ArrayList<>();
        idsByDocument.forEach((documentId, ids) -> ids.forEach(id -> keys.add(key(documentId, id))));
        Map<String, Map<String, AnnotationView>> found = new HashMap<>();
        if (!keys.isEmpty()) {
            annotations.find(Filters.in("_id", keys)).forEach(d -> {
                String documentId = d.getString("documentId");
                AnnotationView view = fromBson(d);
                found.computeIfAbsent(documentId, k -> new HashMap<>()).put(view.id(), view);
            });
        }
        return found;
    }

    /**
     * Writes annotations in one request: per document, each id's record is replaced with its view (kept in
     * creation order), or removed where the view is null.
     */
    void saveAnnotations(Map<String, Map<String, AnnotationView>> changedByDocument) {
        List<WriteModel<RawBsonDocument>> writes = new ArrayList<>();
        changedByDocument.forEach((documentId, changed) -> changed.forEach((id, view) -> {
            String key = key(documentId, id);
            writes.add(view == null ? new DeleteOneModel<>(Filters.eq("_id", key))
                    : new ReplaceOneModel<>(Filters.eq("_id", key),
                            AnnotationRecords.record(key, documentId, view.createdRevision(), view), UPSERT));
        }));
        if (!writes.isEmpty()) {
            // each record once, so the writes commute
            records.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** Writes several documents' headers in one request. */
    void saveHeaders(Map<String, Header> changed) {
        List<WriteModel<Document>> writes = new ArrayList<>(changed.size());
        changed.forEach((documentId, header) -> writes.add(new ReplaceOneModel<>(Filters.eq("_id", documentId),
                headerRecord(documentId, header.revision(), header.count()), UPSERT)));
        if (!writes.isEmpty()) {
            headers.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** Writes a whole document's view in one batch, then its header: for a rebuild into emptied views. */
    void saveAll(DocumentView view) {
        List<RawBsonDocument> docs = new ArrayList<>(view.annotations().size());
        for (AnnotationView a : view.annotations()) {
            docs.add(AnnotationRecords.record(key(view.documentId(), a.id()), view.documentId(), a.createdRevision(), a));
        }
        if (!docs.isEmpty()) {
            records.insertMany(docs, new InsertManyOptions().ordered(false));
        }
        saveHeader(view.documentId(), view.revision(), view.annotations().size());
    }

    void saveHeader(String documentId, long revision, int count) {
        headers.replaceOne(Filters.eq("_id", documentId), headerRecord(documentId, revision, count), UPSERT);
    }

    int count(String documentId) {
        return header(documentId).count();
    }

    /** Brings a cached view along with an applied event, with the same reducer. */
    void advanceCached(RecordedEvent change) {
        synchronized (cache) {
            cache.computeIfPresent(change.documentId(), (id, view) ->
                    view.revision() == change.revision() - 1 ? DocumentReducer.reduce(view, change) : null);
        }
    }

    /** Empties the views, for a rebuild. */
    void clear() {
        // dropping is one operation on any MongoDB; deleting would remove (and log) record by record
        annotations.drop();
        headers.drop();
        createIndexes();
        synchronized (cache) {
            cache.clear();
        }
    }

    private void createIndexes() {
        annotations.createIndex(Indexes.ascending("documentId", "order"));
    }

    private static String key(String documentId, String annotationId) {
        return documentId + "/" + annotationId;
    }

    private static Document headerRecord(String documentId, long revision, int count) {
        return new Document("_id", documentId).append("revision", revision).append("annotationCount", count);
    }

    // Jackson maps a stored record back to a view directly, with no JSON text in between
    private AnnotationView fromBson(Document doc) {
        doc.remove("_id");
        doc.remove("documentId");
        doc.remove("order");
        return mapper.convertValue(doc, AnnotationView.class);
    }
}
