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

}
