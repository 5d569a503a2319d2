package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.Replica;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Delivery is at least once and there are no transactions: a crash can fall between writing an
 * annotation's record and the document's header. Re-delivering the event must give the same views.
 */
class ProjectionReplayTest extends ApiTestBase {

    @Autowired
    DocumentProjection projection;
    @Autowired
    DocumentViews views;
    @Autowired
    EventStore eventStore;
    @Autowired
    DocumentCatalog catalog;
    @Autowired
    MongoDatabase database;
    @Autowired
    ObjectMapper mapper;

    /**
     * Views were once stored through a JSON text ({@code Document.parse}), which keeps small numbers as
     * 32-bit integers; they are now mapped directly and keep revisions as 64-bit ones. A store keeps
     * records of both kinds until a rebuild, and both read back as the same view.
     */
    @Test
    void recordsStoredThroughAJsonTextReadBackAsTheSameView() throws Exception {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "g"), "旧格式 old format 🧭 text");
        String note = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 3),
                "body", Map.of("text", "注释 📌"), "tags", java.util.List.of("t1"))).json().get("annotationId").asText();
        alice.post("/api/documents/" + doc + "/annotations/" + note + "/replies", Map.of("text", "回复"));
        DocumentView view = Replica.toView(viewAt(alice, doc, 2));

        String legacy = "legacy-" + doc;
        MongoCollection<Document> records = database.getCollection("annotation_views");
        for (AnnotationView a : view.annotations()) {
            Document old = Document.parse(mapper.writeValueAsString(a));
            assertThat(old.get("createdRevision")).isInstanceOf(Integer.class);
            records.insertOne(old.append("_id", legacy + "/" + a.id()).append("documentId", legacy)
                    .append("order", a.createdRevision()));
        }
        views.saveHeader(legacy, view.revision(), view.annotations().size());

        assertThat(views.find(legacy).orElseThrow())
                .isEqualTo(new DocumentView(legacy, view.revision(), view.annotations()));
    }

    @Test
    void replayingEventsWhoseRecordsWereWrittenButWhoseHeaderWasNotChangesNothing() {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "g"), "replay text");
        String first = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 3)))
                .json().get("annotationId").asText();
        alice.post("/api/documents/" + doc + "/annotations/" + first + "/replies", Map.of("text", "once"));
        alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(3, 6)));
        DocumentView before = Replica.toView(viewAt(alice, doc, 3));

        views.saveHeader(doc, 0, 0);   // as if the process died after the records, before the header
        eventStore.readEvents(doc, 1).asStream().forEach(m -> projection.on(
                (org.margin.document.api.DocumentEvent) m.getPayload(), (DomainEventMessage<?>) m));

        assertThat(views.revision(doc)).isEqualTo(3);
        assertThat(views.count(doc)).isEqualTo(2);
        assertThat(views.find(doc).orElseThrow()).isEqualTo(before);
        assertThat(catalog.find(doc).orElseThrow().annotationCount()).isEqualTo(2);
    }

    /**
     * A view read between an annotation's record and the document's header holds that record one revision
     * ahead. The projection then takes the event (the header's write) and the cached view moves on with it:
     * the event must not be applied to that record twice.
     */
    @Test
    void aViewReadBetweenARecordAndItsHeaderIsNotCachedAhead() {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "g"), "cache text 🧭");
        String note = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 3)))
                .json().get("annotationId").asText();
        alice.post("/api/documents/" + doc + "/annotations/" + note + "/replies", Map.of("text", "一"));
        alice.post("/api/documents/" + doc + "/annotations/" + note + "/replies", Map.of("text", "二"));
        DocumentView before = Replica.toView(viewAt(alice, doc, 3));

        views.saveHeader(doc, 2, 1);   // the record of revision 3 is written, its header not yet
        DocumentView between = views.find(doc).orElseThrow();
        assertThat(between.revision()).isEqualTo(2);
        var third = eventStore.readEvents(doc, 3).asStream().findFirst().orElseThrow();
        projection.on((org.margin.document.api.DocumentEvent) third.getPayload(), (DomainEventMessage<?>) third);

        assertThat(views.find(doc).orElseThrow()).isEqualTo(before);
        assertThat(alice.get("/api/documents/" + doc + "/annotations").json().get("annotations").get(0)
                .get("replies")).extracting(r -> r.get("text").asText()).containsExactly("一", "二");
    }
}
