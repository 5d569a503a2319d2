package org.margin.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margin.document.query.DocumentReducer;
import org.margin.document.query.DocumentView;
import org.margin.document.query.RecordedEvent;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.Replica;

/** Past views of a long document, served from checkpoints, equal folding the stream from the start. */
class LongHistoryTest extends ApiTestBase {

    @Test
    void asOfEveryRevisionOfALongDocumentEqualsAFoldFromTheStartColdAndWarm() {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "long"), "长历史 🧭 long history text");
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            if (i % 4 == 3) {
                alice.patch("/api/documents/" + doc + "/annotations/" + notes.get(i / 4),
                        Map.of("body", Map.of("text", "edit " + i), "addTags", List.of("t" + i % 7)));
            } else {
                notes.add(alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(i % 20, i % 20 + 2),
                        "body", Map.of("text", "n" + i))).json().get("annotationId").asText());
            }
        }
        List<RecordedEvent> events = new ArrayList<>();
        for (long after = -1; ; ) {
            var page = alice.get("/api/documents/" + doc + "/events?limit=1000&after=" + after).json();
            if (page.isEmpty()) {
                break;
            }
            page.forEach(e -> events.add(Replica.toEvent(e)));
            after = events.get(events.size() - 1).revision();
        }
        long head = events.size() - 1;
        assertThat(head).isGreaterThan(250);
        for (int pass = 0; pass < 2; pass++) {
            for (long r = head; r >= 0; r -= (r > 5 ? 7 : 1)) {
                DocumentView served = Replica.toView(alice.get("/api/documents/" + doc + "/annotations?asOf=" + r).json());
                assertThat(served).as("asOf=" + r + " pass " + pass)
                        .isEqualTo(DocumentReducer.fold(doc, events.subList(0, (int) r + 1)));
            }
        }
        for (long r : List.of(0L, 99L, 100L, 101L, 200L, head)) {
            RecordedEvent e = events.get((int) r);
            long expected = events.stream().filter(x -> !x.timestamp().isAfter(e.timestamp()))
                    .mapToLong(RecordedEvent::revision).max().orElseThrow();
            DocumentView served = Replica.toView(alice.get("/api/documents/" + doc + "/annotations?asOfTime="
                    + e.timestamp()).json());
            assertThat(served).as("asOfTime at revision " + r)
                    .isEqualTo(DocumentReducer.fold(doc, events.subList(0, (int) expected + 1)));
        }
    }
}
