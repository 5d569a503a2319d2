package org.margin.document.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.common.caching.Cache;
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
}
