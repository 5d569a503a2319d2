package org.margin.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margin.document.query.AnnotationView;
import org.margin.document.query.DocumentReducer;
import org.margin.document.query.DocumentView;
import org.margin.document.query.RecordedEvent;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.Replica;

/**
 * A document with a scripted history; every history answer is checked against folding the stored
 * events independently, at every revision and between every pair of revisions.
 */
class HistoryTest extends ApiTestBase {

    static final String TEXT = "政策文本 🧭 requires transparency and accountability from every lab.";

    ApiClient alice;
    ApiClient bob;
    String doc;
    List<RecordedEvent> events;
    List<String> notes = new ArrayList<>();

    String path(String rest) {
        return "/api/documents/" + doc + rest;
    }

    @BeforeEach
    void scriptedHistory() {
        alice = newUser("alice");
        bob = newUser("bob");
        String group = createGroup(alice, "history");
        alice.put("/api/groups/" + group + "/members/" + bob.get("/api/me").json().get("username").asText(),
                Map.of("role", "ANNOTATOR"));
        doc = createDocument(alice, group, TEXT);
        notes.add(alice.post(path("/annotations"), Map.of("target", position(0, 4), "body", Map.of("text", "first"),
                "tags", List.of("policy"))).json().get("annotationId").asText());
        notes.add(bob.post(path("/annotations"), Map.of("target", position(5, 6), "body", Map.of("text", "emoji"))).json()
                .get("annotationId").asText());
        alice.patch(path("/annotations/" + notes.get(0)), Map.of("body", Map.of("text", "first, edited")));
        bob.patch(path("/annotations/" + notes.get(0)), Map.of("addTags", List.of("治理")));
        bob.post(path("/annotations/" + notes.get(0) + "/replies"), Map.of("text", "agreed"));
        String source = alice.post(path("/annotations/" + notes.get(1) + "/sources"), Map.of("doi", "10.1000/182"))
                .json().get("sourceId").asText();
        alice.post(path("/annotations/" + notes.get(1) + "/resolve"), null);
        notes.add(alice.post(path("/annotations"), Map.of("target", position(7, 15))).json().get("annotationId").asText());
        bob.delete(path("/annotations/" + notes.get(1) + "/sources/" + source));
        alice.patch(path("/annotations/" + notes.get(0)), Map.of("tags", List.of("final")));
        bob.delete(path("/annotations/" + notes.get(2)));
        alice.post(path("/annotations/" + notes.get(1) + "/reopen"), null);
        events = new ArrayList<>();
        alice.get(path("/events?limit=1000")).json().forEach(e -> events.add(Replica.toEvent(e)));
        assertThat(events).hasSize(13);
    }

    DocumentView fold(long revision) {
        return DocumentReducer.fold(doc, events.subList(0, (int) revision + 1));
    }

    @Test
    void asOfEveryRevisionEqualsFoldingTheFirstRevisionPlusOneEvents() {
        for (long r = 0; r < events.size(); r++) {
            DocumentView served = Replica.toView(alice.get(path("/annotations?asOf=" + r)).json());
            assertThat(served).as("asOf=" + r).isEqualTo(fold(r));
        }
        assertThat(fold(0).annotations()).isEmpty();
        for (String bad : List.of(String.valueOf(events.size()), "-1", "x", "")) {
            assertThat(alice.get(path("/annotations?asOf=" + bad)).status()).as("asOf=" + bad).isIn(400);
        }
    }

    @Test
    void asOfTimePicksTheLastEventAtOrBeforeTheInstant() {
        for (RecordedEvent e : events) {
            Instant at = e.timestamp();
            long expected = events.stream().filter(x -> !x.timestamp().isAfter(at))
                    .mapToLong(RecordedEvent::revision).max().orElseThrow();
            DocumentView served = Replica.toView(alice.get(path("/annotations?asOfTime=" + at)).json());
            assertThat(served).as("asOfTime=" + at).isEqualTo(fold(expected));
        }
    }

    @Test
    void aDiffBetweenAnyTwoRevisionsIsExact() {
        for (long from = 0; from < events.size(); from++) {
            for (long to = from; to < events.size(); to++) {
                JsonNode diff = alice.get(path("/diff?from=" + from + "&to=" + to)).json();
                Map<String, AnnotationView> before = byId(fold(from));
                Map<String, AnnotationView> after = byId(fold(to));
                List<String> added = after.keySet().stream().filter(id -> !before.containsKey(id)).toList();
                List<String> removed = before.keySet().stream().filter(id -> !after.containsKey(id)).toList();
                List<String> changed = after.keySet().stream()
                        .filter(id -> before.containsKey(id) && !before.get(id).equals(after.get(id))).toList();
                String pair = from + ".." + to;
                assertThat(ids(diff.get("added"))).as("added " + pair).containsExactlyElementsOf(added);
                assertThat(ids(diff.get("removed"))).as("removed " + pair).containsExactlyElementsOf(removed);
                assertThat(ids(diff.get("changed"))).as("changed " + pair).containsExactlyElementsOf(changed);
                for (JsonNode c : diff.get("changed")) {
                    String id = c.get("id").asText();
                    assertThat(toAnnotation(c.get("before"))).isEqualTo(before.get(id));
                    assertThat(toAnnotation(c.get("after"))).isEqualTo(after.get(id));
                }
                long f = from;
                long t = to;
                assertThat(diff.get("events")).as("events " + pair).extracting(e -> e.get("revision").asLong())
                        .containsExactlyElementsOf(events.stream().map(RecordedEvent::revision)
                                .filter(r -> r > f && r <= t).toList());
            }
        }
    }

    @Test
    void aDiffShowsWhoDidEachStepAndRejectsBadRanges() {
        JsonNode diff = alice.get(path("/diff?from=0&to=3")).json();
        assertThat(diff.get("events")).allSatisfy(e -> {
            assertThat(e.get("actorName").asText()).isIn("alice", "bob");
            assertThat(e.get("timestamp").asText()).isNotBlank();
            assertThat(e.has("payload")).isFalse();
        });
        assertThat(alice.get(path("/diff?from=3&to=1")).status()).isEqualTo(400);
        assertThat(alice.get(path("/diff?from=0&to=99")).status()).isEqualTo(400);
        assertThat(alice.get(path("/diff?from=-1&to=2")).status()).isEqualTo(400);
        assertThat(alice.get(path("/diff?from=a&to=2")).status()).isEqualTo(400);
        assertThat(alice.get(path("/diff?to=2")).status()).isEqualTo(400);
    }

    @Test
    void anAnnotationsHistoryListsExactlyItsEventsWithActorNames() {
        for (String note : notes) {
            List<Long> expected = events.stream().filter(e -> Objects.equals(e.annotationId(), note))
                    .map(RecordedEvent::revision).toList();
            JsonNode history = bob.get(path("/annotations/" + note + "/history")).json();
            assertThat(history).extracting(e -> e.get("revision").asLong()).containsExactlyElementsOf(expected);
            assertThat(history).allSatisfy(e -> assertThat(e.get("actorName").asText()).isIn("alice", "bob"));
        }
        assertThat(bob.get(path("/annotations/nope/history")).status()).isEqualTo(404);
    }

    static Map<String, AnnotationView> byId(DocumentView view) {
        Map<String, AnnotationView> map = new java.util.LinkedHashMap<>();
        view.annotations().forEach(a -> map.put(a.id(), a));
        return map;
    }

    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }

    static AnnotationView toAnnotation(JsonNode json) {
        try {
            return Replica.MAPPER.treeToValue(json, AnnotationView.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
