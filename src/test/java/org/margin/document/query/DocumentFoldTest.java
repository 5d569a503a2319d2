package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.AnnotationEdited;
import org.margin.document.api.AnnotationReopened;
import org.margin.document.api.AnnotationResolved;
import org.margin.document.api.AnnotationTagsChanged;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.margin.document.api.Format;
import org.margin.document.api.ReplyAdded;
import org.margin.document.api.Source;
import org.margin.document.api.SourceLinked;
import org.margin.document.api.SourceUnlinked;
import org.margin.document.api.Target;
import org.margin.document.api.TextPositionSelector;
import org.margin.document.api.TextQuoteSelector;

/** The fold gives, after every event, exactly the view the reducer gives event by event. */
class DocumentFoldTest {

    static final String DOC = "d1";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aRandomHistoryFoldsToTheReducersViewAfterEveryEvent() {
        for (long seed = 1; seed <= 20; seed++) {
            List<RecordedEvent> history = history(new Random(seed), 600);
            DocumentView reduced = DocumentView.empty(DOC);
            DocumentFold fold = new DocumentFold(DocumentView.empty(DOC));
            for (RecordedEvent e : history) {
                reduced = DocumentReducer.reduce(reduced, e);
                fold.apply(e);
                assertThat(fold.revision()).isEqualTo(reduced.revision());
                assertThat(fold.size()).isEqualTo(reduced.annotations().size());
                if (e.revision() % 37 == 0) {
                    assertThat(fold.view()).as("seed %d, revision %d", seed, e.revision()).isEqualTo(reduced);
                }
            }
            assertThat(fold.view()).isEqualTo(reduced);
            assertThat(DocumentReducer.fold(DOC, history)).isEqualTo(reduced);
        }
    }

    @Test
    void aFoldStartsFromAViewAndIgnoresEventsItAlreadyHolds() {
        List<RecordedEvent> history = history(new Random(7), 300);
        DocumentView half = DocumentReducer.fold(DOC, history.subList(0, 150));
        DocumentFold fold = new DocumentFold(half);
        assertThat(fold.view()).isSameAs(half);
        history.subList(100, 300).forEach(fold::apply);   // 100 to 149 are at or below its revision
        assertThat(fold.view()).isEqualTo(DocumentReducer.fold(DOC, history));
        assertThat(fold.view()).isSameAs(fold.view());
    }

    @Test
    void aNewRegistrationEmptiesTheView() {
        List<RecordedEvent> history = history(new Random(3), 50);
        DocumentFold fold = new DocumentFold(DocumentView.empty(DOC));
        history.forEach(fold::apply);
        assertThat(fold.size()).isPositive();
        fold.apply(event(50, new DocumentRegistered(DOC, "g", "again", Format.TEXT, "文 🧭", "zh")));
        assertThat(fold.view()).isEqualTo(new DocumentView(DOC, 50, List.of()));
    }

    /** A history the aggregate could record: a registration, then changes to notes that exist. */
    static List<RecordedEvent> history(Random random, int length) {
        List<RecordedEvent> events = new ArrayList<>();
        List<String> live = new ArrayList<>();
        List<List<String>> sources = new ArrayList<>();
        events.add(event(0, new DocumentRegistered(DOC, "g", "T", Format.TEXT, "研究 🧭 ".repeat(20), "zh")));
        for (int r = 1; r < length; r++) {
            int kind = live.isEmpty() ? 0 : random.nextInt(10);
            int i = live.isEmpty() ? -1 : random.nextInt(live.size());
            String id = i < 0 ? null : live.get(i);
            DocumentEvent payload = switch (kind) {
                case 0, 1, 2 -> {
                    String added = "a" + r;
                    live.add(added);
                    sources.add(new ArrayList<>(List.of("s" + r)));
                    yield new AnnotationAdded(DOC, added, target(r), "note " + r + " 文", List.of("t" + r % 3),
                            List.of(new Source("s" + r, null, "10.1000/" + r, null, null)));
                }
                case 3 -> new AnnotationEdited(DOC, id, "edit " + r + " 🧭", r % 2 == 0 ? target(r) : null);
                case 4 -> new AnnotationTagsChanged(DOC, id, List.of("n" + r % 4), List.of("t" + r % 3));
                case 5 -> new ReplyAdded(DOC, id, "r" + r, "reply 同意 " + r);
                case 6 -> {
                    sources.get(i).add("s" + r);
                    yield new SourceLinked(DOC, id, new Source("s" + r, "https://example.org/" + r, null, null, null));
                }
                case 7 -> sources.get(i).isEmpty() ? new AnnotationResolved(DOC, id)
                        : new SourceUnlinked(DOC, id, sources.get(i).remove(0));
                case 8 -> r % 2 == 0 ? new AnnotationResolved(DOC, id) : new AnnotationReopened(DOC, id);
                default -> {
                    live.remove(i);
                    sources.remove(i);
                    yield new AnnotationDeleted(DOC, id);
                }
            };
            events.add(event(r, payload));
        }
        return events;
    }

    static RecordedEvent event(long revision, DocumentEvent payload) {
        return new RecordedEvent(DOC, revision, payload.getClass().getSimpleName(), "user" + revision % 3,
                T0.plusSeconds(revision), payload.annotationId(), payload, "h" + revision, "h" + (revision - 1));
    }

    static Target target(long r) {
        int at = (int) (r % 40);
        return Target.of(new TextQuoteSelector("研究", "", " 🧭"), new TextPositionSelector(at, at + 2));
    }
}
