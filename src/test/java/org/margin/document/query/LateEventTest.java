package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.margin.document.api.EventMetadata;
import org.margin.document.api.ReplyAdded;
import org.margin.storage.StoredEvents;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Tracking processors read events in store-position order, not by the writers' clocks: an event whose
 * timestamp is long past is still delivered. An event a processor never reads (a position given up as a
 * gap after the gap timeout) is recovered by the projection at the document's next event, because
 * revisions are gap-free per document.
 */
class LateEventTest extends ApiTestBase {

    @Autowired
    EventStorageEngine storage;

    @Autowired
    MongoDatabase database;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;

    @Test
    void anEventWithAnOldTimestampIsDelivered() {
        ApiClient alice = newUser("alice");
        String documentId = createDocument(alice, createGroup(alice, "g"), "late events 🧭");
        String annotationId = alice.post("/api/documents/" + documentId + "/annotations",
                Map.of("target", position(0, 4))).json().get("annotationId").asText();
        viewAt(alice, documentId, 1);

        storage.appendEvents(List.of(reply(documentId, annotationId, 2, "clock 30 s behind", Instant.now().minusSeconds(30))));
        JsonNode view = viewAt(alice, documentId, 2);
        assertThat(view.get("annotations").get(0).get("replies")).extracting(r -> r.get("text").asText())
                .containsExactly("clock 30 s behind");
    }

    @Test
    void anEventNoProcessorReadIsRecoveredAtTheDocumentsNextEvent() throws Exception {
        ApiClient alice = newUser("alice");
        String documentId = createDocument(alice, createGroup(alice, "g"), "late events 🧭");
        String annotationId = alice.post("/api/documents/" + documentId + "/annotations",
                Map.of("target", position(0, 4))).json().get("annotationId").asText();
        viewAt(alice, documentId, 1);

        // A position every processor has passed: what a gap given up after its timeout looks like.
        database.getCollection(StoredEvents.EVENTS).insertOne(StoredEvents.toDocument(
                reply(documentId, annotationId, 2, "stored late", Instant.now()), serializer, -1));
        Thread.sleep(1_500);
        JsonNode stale = alice.get("/api/documents/" + documentId + "/annotations").json();
        assertThat(stale.get("revision").asLong()).as("no processor read the event").isEqualTo(1);

        storage.appendEvents(List.of(reply(documentId, annotationId, 3, "stored on time", Instant.now())));
        JsonNode healed = viewAt(alice, documentId, 3);
        assertThat(healed.get("annotations").get(0).get("replies"))
                .extracting(r -> r.get("text").asText()).containsExactly("stored late", "stored on time");
        assertThat(alice.get("/api/documents?groupId=" + alice.get("/api/me").json().get("groups").get(0).get("id").asText())
                .json().get(0).get("revision").asLong()).isEqualTo(3);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                admin.get("/api/audit?documentId=" + documentId).json().path("total").asLong() == 4);
        assertThat(admin.get("/api/audit?documentId=" + documentId + "&actor=other-node").json().get("items"))
                .extracting(i -> i.get("revision").asLong()).containsExactly(3L, 2L);
    }

    /** A reply as another node would store it, bypassing the aggregate: for tests of what readers do with it. */
    static GenericDomainEventMessage<ReplyAdded> reply(String documentId, String annotationId, long revision,
                                                               String text, Instant timestamp) {
        return new GenericDomainEventMessage<>("DocumentAnnotations", documentId, revision,
                new ReplyAdded(documentId, annotationId, UUID.randomUUID().toString(), text),
                Map.of(EventMetadata.ACTOR, "other-node", EventMetadata.TIMESTAMP, timestamp.toString()),
                UUID.randomUUID().toString(), timestamp);
    }
}
