package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
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
