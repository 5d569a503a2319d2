package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.margin.document.api.EventMetadata;
import org.margin.document.api.ReplyAdded;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Mongo event store hands events to tracking processors in client-timestamp order, looking back
 * only one second. An event stored late with an older timestamp (a slow node, a paused JVM) is never
 * delivered. Revisions are gap-free per document, so the projection notices the gap at the document's
 * next event and reads the missing revision from the stream.
 */
class LateEventTest extends ApiTestBase {

    @Autowired
    EventStorageEngine storage;

    @Test
    void aLateInsertSkippedByTheTrackingProcessorIsRecoveredAtTheDocumentsNextEvent() throws Exception {
        ApiClient alice = newUser("alice");
        String documentId = createDocument(alice, createGroup(alice, "g"), "late events 🧭");
        String annotationId = alice.post("/api/documents/" + documentId + "/annotations",
                Map.of("target", position(0, 4))).json().get("annotationId").asText();
        viewAt(alice, documentId, 1);

        storage.appendEvents(List.of(reply(documentId, annotationId, 2, "stored late", Instant.now().minusSeconds(30))));
        Thread.sleep(1_500);
        JsonNode stale = alice.get("/api/documents/" + documentId + "/annotations").json();
        assertThat(stale.get("revision").asLong()).as("the processor skipped the late event").isEqualTo(1);

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

    private static GenericDomainEventMessage<ReplyAdded> reply(String documentId, String annotationId, long revision,
                                                               String text, Instant timestamp) {
        return new GenericDomainEventMessage<>("DocumentAnnotations", documentId, revision,
                new ReplyAdded(documentId, annotationId, UUID.randomUUID().toString(), text),
                Map.of(EventMetadata.ACTOR, "other-node", EventMetadata.TIMESTAMP, timestamp.toString()),
                UUID.randomUUID().toString(), timestamp);
    }
}
