package org.margin.document.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
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
    }

    Header header(String documentId) {
        Document header = headers.find(Filters.eq("_id", documentId)).first();
        return header == null ? new Header(-1, 0) : new Header(((Number) header.get("revision")).longValue(),
                ((Number) header.get("annotationCount")).intValue());
    }

    /** The revision the stored view reflects, or -1. */
    long revision(String documentId) {
        Document header = headers.find(Filters.eq("_id", documentId)).first();
        return header == null ? -1 : ((Number) header.get("revision")).longValue();
    }

    Optional<AnnotationView> annotation(String documentId, String annotationId) {
        return Optional.ofNullable(annotations.find(Filters.eq("_id", key(documentId, annotationId))).first())
                .map(this::fromBson);
    }

    void saveAnnotation(String documentId, long order, AnnotationView view) {
        String key = key(documentId, view.id());
        records.replaceOne(Filters.eq("_id", key), AnnotationRecords.record(key, documentId, order, view),
                new ReplaceOptions().upsert(true));
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

    void deleteAnnotation(String documentId, String annotationId) {
        annotations.deleteOne(Filters.eq("_id", key(documentId, annotationId)));
    }

    void saveHeader(String documentId, long revision, int count) {
        headers.replaceOne(Filters.eq("_id", documentId),
                new Document("_id", documentId).append("revision", revision).append("annotationCount", count),
                new ReplaceOptions().upsert(true));
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

    // Jackson maps a stored record back to a view directly, with no JSON text in between
    private AnnotationView fromBson(Document doc) {
        doc.remove("_id");
        doc.remove("documentId");
        doc.remove("order");
        return mapper.convertValue(doc, AnnotationView.class);
    }
}
