package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.margin.storage.StoredEvents;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A rebuild that meets an event it cannot read. Before the views are emptied, the old views stay as they
 * were; after (a further pass, here forced by room for one annotation), the projection folds every event
 * anew, so no document is left without a view. Its own store: the damaged events would stall other tests.
 */
@TestPropertySource(properties = {"margin.test.store=rebuild-failure", "margin.rebuild.max-open-annotations=1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RebuildFailureTest extends ApiTestBase {

    @Autowired
    EventStorageEngine storage;
    @Autowired
    MongoDatabase database;

    @Test
    void aFailureBeforeTheViewsAreEmptiedLeavesThemAsTheyWere() {
        ApiClient alice = newUser("alice");
        String group = createGroup(alice, "g");
        List<String> docs = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            docs.add(documentWithNotes(alice, group, 2));
        }
        List<JsonNode> before = docs.stream().map(this::view).toList();
        String stray = UUID.randomUUID().toString();
        Document damaged = appendDamaged(stray, 0, "a note on no document");
        try {
            JsonNode status = rebuild();
            assertThat(status.get("failure").asText()).contains("position " + StoredEvents.position(damaged))
                    .doesNotContain("restoring");
            assertThat(docs.stream().map(this::view).toList()).isEqualTo(before);

            long revision = alice.post("/api/documents/" + docs.get(0) + "/annotations", Map.of("target",
                    position(0, 1), "body", Map.of("text", "after the failure"))).json().get("revision").asLong();
            assertThat(viewAt(alice, docs.get(0), revision).toString()).as("the projection runs again")
                    .contains("after the failure");
        } finally {
            repair(damaged);
        }
    }

    @Test
    void aFailureAfterTheViewsAreEmptiedHasTheProjectionRestoreThem() {
        ApiClient bob = newUser("bob");
        String group = createGroup(bob, "g");
        String first = documentWithNotes(bob, group, 2);
        String second = documentWithNotes(bob, group, 1);
        String broken = documentWithNotes(bob, group, 1);
        String note = view(broken).get("annotations").get(0).get("id").asText();
        // a thousand events later, in the pass's next window of positions, one of broken's events is damaged
        String filler = UUID.randomUUID().toString();
        List<DomainEventMessage<?>> fill = new ArrayList<>();
        for (int i = 0; i < RebuildPass.WINDOW; i++) {
            fill.add(LateEventTest.reply(filler, "none", i, "filler " + i, Instant.now()));
        }
        storage.appendEvents(fill);
        Document damaged = appendDamaged(broken, 2, "reply");
        JsonNode firstBefore = view(first);
        JsonNode secondBefore = view(second);
        try {
            // pass 1 writes first's view (after emptying them all), pass 2 second's, pass 3 meets the damage
            JsonNode status = rebuild();
            assertThat(status.get("passes").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(status.get("failure").asText()).contains("position " + StoredEvents.position(damaged))
                    .contains("restoring");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    bob.get("/api/documents/" + broken + "/annotations").json().path("revision").asLong(-1) >= 1);
            assertThat(view(broken).get("annotations")).extracting(a -> a.get("id").asText()).containsExactly(note);
            assertThat(view(first)).isEqualTo(firstBefore);
            assertThat(view(second)).isEqualTo(secondBefore);
        } finally {
            repair(damaged);
        }
    }

    private String documentWithNotes(ApiClient client, String group, int notes) {
        String doc = createDocument(client, group, "损坏 damaged 🧨 " + UUID.randomUUID());
        long revision = 0;
        for (int i = 0; i < notes; i++) {
            revision = client.post("/api/documents/" + doc + "/annotations", Map.of("target", position(i, i + 1),
                    "body", Map.of("text", "注 " + i))).json().get("revision").asLong();
        }
        viewAt(client, doc, revision);
        return doc;
    }

    private JsonNode view(String doc) {
        return admin.get("/api/documents/" + doc + "/annotations").json();
    }

    private JsonNode rebuild() {
        assertThat(admin.post("/api/admin/rebuild", null).status()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> !admin.get("/api/admin/rebuild").json().get("running").asBoolean());
        return admin.get("/api/admin/rebuild").json();
    }

    /** Stores a reply at a revision of a stream, then damages its payload as a faulty disk or hand would. */
    private Document appendDamaged(String stream, long revision, String text) {
        storage.appendEvents(List.of(LateEventTest.reply(stream, "none", revision, text, Instant.now())));
        Document stored = events().find(Filters.eq(StoredEvents.STREAM, StoredEvents.streamKey(stream, revision))).first();
        events().updateOne(Filters.eq("_id", stored.get("_id")), Updates.set("serializedPayload", "{\"documentId\": "));
        return stored;
    }

    private void repair(Document stored) {
        events().replaceOne(Filters.eq("_id", stored.get("_id")), stored);
    }

    private MongoCollection<Document> events() {
        return database.getCollection(StoredEvents.EVENTS);
    }
}
