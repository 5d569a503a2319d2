package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.test.context.TestPropertySource;

/** Rebuilding the views from the event store gives back exactly the views it replaced. */
@TestPropertySource(properties = "margin.test.store=rebuild")
class RebuildTest extends ApiTestBase {

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
}
