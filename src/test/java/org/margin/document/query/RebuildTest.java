package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.margin.storage.StoredEvents;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.test.context.TestPropertySource;

/** Rebuilding the views from the event store gives back exactly the views it replaced. */
@TestPropertySource(properties = "margin.test.store=rebuild")
class RebuildTest extends ApiTestBase {

    @Autowired
    EventStorageEngine storage;

    @Autowired
    MongoDatabase database;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;

    @Autowired
    DocumentViews views;

    @Autowired
    DocumentCatalog catalog;

    @Autowired
    DocumentStream stream;

    static final int EVENTS = Integer.getInteger("rebuild.events", 1_000);

    @Test
    void viewsRebuiltFromOverAThousandEventsAcrossTwentyDocumentsEqualTheOldOnes() {
        ApiClient alice = newUser("alice");
        String group = createGroup(alice, "rebuild");
        List<String> docs = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            docs.add(createDocument(alice, group, "重建 🧭 rebuild document number " + d));
        }
        for (int i = 0; i < EVENTS; i++) {
            String doc = docs.get(i % 20);
            int step = i / 20;
            if (step % 5 == 4) {
                String note = alice.get("/api/documents/" + doc + "/annotations?asOf=" + (step - 1)).json()
                        .get("annotations").get(0).get("id").asText();
                alice.post("/api/documents/" + doc + "/annotations/" + note + "/replies", Map.of("text", "r" + i));
            } else {
                alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(step % 20, step % 20 + 3),
                        "body", Map.of("text", "n" + i), "tags", List.of("t" + step % 3)));
            }
        }
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (String doc : docs) {
            before.put(doc, viewAt(alice, doc, EVENTS / 20));
        }
        JsonNode catalogue = alice.get("/api/documents?groupId=" + group).json();

        assertThat(alice.post("/api/admin/rebuild", null).status()).isEqualTo(403);
        var started = admin.post("/api/admin/rebuild", null);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("eventsTotal").asLong()).isGreaterThanOrEqualTo(EVENTS + 20);
        assertThat(alice.get("/api/documents/" + docs.get(0)).status()).as("still serving").isEqualTo(200);
        var during = alice.post("/api/documents/" + docs.get(1) + "/annotations", Map.of("target", position(0, 3),
                "body", Map.of("text", "written while the views are rebuilt")));
        assertThat(during.status()).as("commands accepted during a rebuild").isEqualTo(201);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> !admin.get("/api/admin/rebuild").json().get("running").asBoolean());
        JsonNode status = admin.get("/api/admin/rebuild").json();
        assertThat(status.get("eventsDone").asLong()).isGreaterThanOrEqualTo(status.get("eventsTotal").asLong());
        assertThat(status.get("eventsPerSecond").asDouble()).isPositive();
        JsonNode spent = status.get("secondsSpent");
        assertThat(List.of("clearing", "reading", "deserializing", "folding", "writing")).allSatisfy(step ->
                assertThat(spent.get(step).asDouble()).as(step).isGreaterThanOrEqualTo(0));
        assertThat(spent.get("reading").asDouble() + spent.get("writing").asDouble()).isPositive();
        long duringRevision = during.json().get("revision").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                alice.get("/api/documents/" + docs.get(1) + "/annotations").json().get("revision").asLong() == duringRevision);
        JsonNode withNewNote = alice.get("/api/documents/" + docs.get(1) + "/annotations").json();
        assertThat(withNewNote.get("annotations").size()).isEqualTo(before.get(docs.get(1)).get("annotations").size() + 1);
        assertThat(withNewNote.toString()).contains("written while the views are rebuilt");
        for (String doc : docs.subList(2, docs.size())) {
            assertThat(alice.get("/api/documents/" + doc + "/annotations").json()).as(doc).isEqualTo(before.get(doc));
        }
        assertThat(alice.get("/api/documents/" + docs.get(0) + "/annotations").json()).isEqualTo(before.get(docs.get(0)));
        JsonNode catalogueAfter = alice.get("/api/documents?groupId=" + group).json();
        for (int i = 0; i < catalogue.size(); i++) {
            JsonNode row = catalogue.get(i);
            JsonNode now = catalogueAfter.get(i);
            assertThat(now.get("id")).isEqualTo(row.get("id"));
            if (!row.get("id").asText().equals(docs.get(1))) {
                assertThat(now).isEqualTo(row);
            }
        }
    }

    /**
     * A pass reads in store order, which is not always revision order: a revision stored below an earlier
     * one (a node whose position counter lags, writing into the hole of a failed append) waits for it, and
     * a revision no window reaches is read from the document's stream. With room for one annotation, each
     * pass takes one document and leaves the others to the next. Either way the views equal a fold of each
     * stream.
     */
    @Test
    void aPassFoldsRevisionsStoredOutOfOrderAndBoundsItsMemory() {
        ApiClient alice = newUser("alice");
        String group = createGroup(alice, "pass");
        List<String> docs = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            docs.add(createDocument(alice, group, "顺序 🧭 order " + d));
        }
        String note = null;
        for (int i = 0; i < 12; i++) {
            var added = alice.post("/api/documents/" + docs.get(i % 3) + "/annotations", Map.of(
                    "target", position(i % 5, i % 5 + 2), "body", Map.of("text", "note " + i + " 📌")));
            assertThat(added.status()).as(added.text()).isEqualTo(201);
            note = i == 0 ? added.json().get("annotationId").asText() : note;
        }
        String doc = docs.get(0);
        viewAt(alice, doc, 4);
        MongoCollection<Document> events = database.getCollection(StoredEvents.EVENTS);
        long top = highestPosition(events);
        // revision 6 below revision 5; revisions 7 and 9 where no window looks; revisions 8 and 10 as usual
        Instant now = Instant.now();
        events.insertOne(StoredEvents.toDocument(LateEventTest.reply(doc, note, 5, "five", now), serializer, top + 2));
        events.insertOne(StoredEvents.toDocument(LateEventTest.reply(doc, note, 6, "six", now), serializer, top + 1));
        events.insertOne(StoredEvents.toDocument(LateEventTest.reply(doc, note, 7, "seven", now), serializer, -3));
        storage.appendEvents(List.of(LateEventTest.reply(doc, note, 8, "eight", now)));
        events.insertOne(StoredEvents.toDocument(LateEventTest.reply(doc, note, 9, "nine", now), serializer, -2));
        storage.appendEvents(List.of(LateEventTest.reply(doc, note, 10, "ten", now)));
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (String d : docs) {
            before.put(d, viewAt(alice, d, d.equals(doc) ? 10 : 4));
        }
        assertThat(before.get(doc).get("annotations").get(0).get("replies")).extracting(r -> r.get("text").asText())
                .containsExactly("five", "six", "seven", "eight", "nine", "ten");

        // room -1 is a bound no document fits: each pass still folds one document
        for (int room : new int[] {-1, 1, 100_000}) {
            views.clear();
            long[] read = {0, 0};
            long head = highestPosition(events);
            int passes = new RebuildPass(events, serializer, views, catalog, stream, room).run(head,
                    new RebuildPass.Progress() {
                        @Override
                        public void read(long positions) {
                            read[0] += positions;
                        }

                        @Override
                        public void furtherPass(long positions) {
                            read[1] += positions;
                        }
                    });
            long stored = events.countDocuments(com.mongodb.client.model.Filters.gte("_id", 0));
            if (room < 100_000) {
                assertThat(passes).as("one document per pass").isGreaterThanOrEqualTo(docs.size());
                assertThat(read[0]).isGreaterThan(stored);
            } else {
                assertThat(passes).isEqualTo(1);
                assertThat(read[0]).as("every stored event at a position ≥ 0 read once").isEqualTo(stored);
                assertThat(read[1]).isZero();
            }
            for (String d : docs) {
                assertThat(alice.get("/api/documents/" + d + "/annotations").json()).as(d + " with room " + room)
                        .isEqualTo(before.get(d));
                assertThat(views.find(d).orElseThrow())
                        .isEqualTo(DocumentReducer.fold(d, stream.all(d, e -> true)));
            }
        }
    }

    @Test
    void aBoundBelowOneAnnotationIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new Rebuild(null, database, null, serializer, views, catalog, stream, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("margin.rebuild.max-open-annotations");
    }

        private static long highestPosition(MongoCollection<Document> events) {
        return StoredEvents.position(events.find().sort(Sorts.descending("_id")).limit(1).first());
    }
}
