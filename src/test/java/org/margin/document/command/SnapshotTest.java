package org.margin.document.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.Snapshotter;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.margin.storage.StoredEvents;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** A long document is snapshotted, and an aggregate loaded from its snapshot decides exactly as before. */
class SnapshotTest extends ApiTestBase {

    @Autowired
    MongoDatabase database;

    @Autowired
    @Qualifier("documentCache")
    Cache cache;

    @Autowired
    Snapshotter snapshotter;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anAggregateLoadedFromItsSnapshotKeepsRevisionsConflictsAndTheHashChain() {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "snap"), "快照 🧭 ".repeat(40));
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            notes.add(alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(i % 100, i % 100 + 2),
                    "body", Map.of("text", "n" + i), "tags", List.of("t"))).json().get("annotationId").asText());
        }
        // taken after the hundredth event's command, on a thread of its own
        Document snapshot = await().atMost(Duration.ofSeconds(10)).until(() -> database.getCollection(StoredEvents.SNAPSHOTS)
                .find(Filters.eq("aggregateIdentifier", doc)).first(), Objects::nonNull);
        assertThat(((Number) snapshot.get("sequenceNumber")).longValue()).isGreaterThanOrEqualTo(99);

        cache.remove(doc);   // the next command must load the aggregate from the snapshot and the events after it

        String early = notes.get(5);   // added at revision 6
        var edit = alice.patch("/api/documents/" + doc + "/annotations/" + early,
                Map.of("body", Map.of("text", "edited after reload"), "expectedRevision", 6));
        assertThat(edit.status()).isEqualTo(200);
        assertThat(edit.json().get("revision").asLong()).isEqualTo(121);
        var stale = alice.patch("/api/documents/" + doc + "/annotations/" + early,
                Map.of("body", Map.of("text", "stale"), "expectedRevision", 6));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("currentRevision").asLong()).isEqualTo(121);
        assertThat(alice.patch("/api/documents/" + doc + "/annotations/" + early, Map.of("addTags", List.of("t")))
                .json().get("revision").asLong()).as("tags the note already has change nothing").isEqualTo(121);
        assertThat(admin.post("/api/audit/verify?documentId=" + doc, null).json().get("ok").asBoolean()).isTrue();
    }

    /**
     * A snapshot of an aggregate in the cache is taken from the cached aggregate; it holds the same state as
     * one taken by applying the document's events again.
     */
    @Test
    void aSnapshotOfTheCachedAggregateEqualsOneFromItsEvents() throws Exception {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "snap"), "快照 🧭 ".repeat(40));
        String notesPath = "/api/documents/" + doc + "/annotations";
        List<String> notes = new ArrayList<>();
        long revision = 0;
        for (int i = 0; i < 60; i++) {
            var added = alice.post(notesPath, Map.of("target", position(i % 100, i % 100 + 2),
                    "body", Map.of("text", "n" + i + " 注释"), "tags", List.of("t" + i % 4))).json();
            notes.add(added.get("annotationId").asText());
            String note = notesPath + "/" + notes.get(i / 2);
            var changed = switch (i % 5) {
                case 0 -> alice.patch(note, Map.of("body", Map.of("text", "edited " + i + " 🧭")));
                case 1 -> alice.patch(note, Map.of("addTags", List.of("x" + i), "removeTags", List.of("t" + i % 4)));
                case 2 -> alice.post(note + "/replies", Map.of("text", "reply " + i));
                case 3 -> alice.post(note + "/sources", Map.of("doi", "doi:10.1000/" + i, "title", "source " + i));
                default -> alice.post(note + "/resolve", Map.of());
            };
            revision = Math.max(revision, Math.max(added.get("revision").asLong(),
                    changed.json() == null ? -1 : changed.json().path("revision").asLong(-1)));
        }
        long last = revision;
        var snapshots = database.getCollection(StoredEvents.SNAPSHOTS);

        snapshotter.scheduleSnapshot(DocumentAnnotations.class, doc);
        Document fromMemory = await().atMost(Duration.ofSeconds(10)).until(() -> snapshots.find(Filters.eq("_id", doc)).first(),
                d -> d != null && ((Number) d.get("sequenceNumber")).longValue() == last);

        snapshots.deleteOne(Filters.eq("_id", doc));
        cache.remove(doc);
        snapshotter.scheduleSnapshot(DocumentAnnotations.class, doc);
        Document fromEvents = await().atMost(Duration.ofSeconds(10)).until(() -> snapshots.find(Filters.eq("_id", doc)).first(),
                Objects::nonNull);

        assertThat(((Number) fromEvents.get("sequenceNumber")).longValue()).isEqualTo(revision);
        assertThat(fromMemory.getString("payloadType")).isEqualTo(fromEvents.getString("payloadType"));
        JsonNode state = json.readTree(fromMemory.getString("serializedPayload"));
        assertThat(state).isEqualTo(json.readTree(fromEvents.getString("serializedPayload")));
        assertThat(state.get("notes").size()).isEqualTo(60);
        assertThat(state.get("revision").asLong()).isEqualTo(revision);
    }
}
