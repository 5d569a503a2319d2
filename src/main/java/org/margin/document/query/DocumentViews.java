package org.margin.document.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.Optional;
import org.bson.Document;

/**
 * The {@code document_views} collection: per document, the reducer's latest output and the revision
 * it reflects. Written only by {@link DocumentProjection}.
 */
public class DocumentViews {

    private final MongoCollection<Document> views;
    private final ObjectMapper mapper;

    DocumentViews(MongoDatabase database, ObjectMapper mapper) {
        this.views = database.getCollection("document_views");
        this.mapper = mapper;
    }

    public Optional<DocumentView> find(String documentId) {
        return Optional.ofNullable(views.find(Filters.eq("_id", documentId)).first()).map(this::fromBson);
    }

    void save(DocumentView view) {
        Document bson = toBson(view);
        views.replaceOne(Filters.eq("_id", view.documentId()), bson, new ReplaceOptions().upsert(true));
    }

    private Document toBson(DocumentView view) {
        try {
            Document doc = Document.parse(mapper.writeValueAsString(view));
            doc.put("_id", view.documentId());
            return doc;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write view of " + view.documentId(), e);
        }
    }

    private DocumentView fromBson(Document doc) {
        doc.remove("_id");
        try {
            return mapper.readValue(doc.toJson(), DocumentView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored view", e);
        }
    }
}
