package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margin.document.api.*;

class DocumentReducerTest {

    static final String DOC = "d1";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Target TARGET = Target.of(new TextQuoteSelector("研究", "", " 🧭"), new TextPositionSelector(0, 2));

    final List<RecordedEvent> history = new ArrayList<>();

    RecordedEvent event(String actor, DocumentEvent payload) {
        long revision = history.size();
        RecordedEvent e = new RecordedEvent(DOC, revision, payload.getClass().getSimpleName(), actor,
                T0.plusSeconds(revision), payload.annotationId(), payload, "h" + revision, "h" + (revision - 1));
        history.add(e);
        return e;
    }

    DocumentView fold() {
        return DocumentReducer.fold(DOC, history);
    }

    void registerAndAdd() {
        event("alice", new DocumentRegistered(DOC, "g", "T", Format.TEXT, "研究 🧭", "zh"));
        event("alice", new AnnotationAdded(DOC, "a1", TARGET, "note", List.of("x"),
                List.of(new Source("s1", null, "10.1000/1", null, null))));
    }

    @Test
    void anAddedAnnotationShowsItsAuthorTimesAndOpenStatus() {
        registerAndAdd();
        DocumentView view = fold();
        assertThat(view.revision()).isEqualTo(1);
        AnnotationView a = view.annotations().get(0);
        assertThat(a.id()).isEqualTo("a1");
        assertThat(a.target()).isEqualTo(TARGET);
        assertThat(a.body().text()).isEqualTo("note");
        assertThat(a.tags()).containsExactly("x");
        assertThat(a.sources()).extracting(Source::doi).containsExactly("10.1000/1");
        assertThat(a.status()).isEqualTo("open");
        assertThat(a.author()).isEqualTo("alice");
        assertThat(a.created()).isEqualTo(T0.plusSeconds(1));
        assertThat(a.modified()).isEqualTo(a.created());
    }

    @Test
    void editsTagsRepliesSourcesAndStatusApplyInOrderAndKeepTheAuthor() {
        registerAndAdd();
        event("bob", new AnnotationEdited(DOC, "a1", "better note", null));
        event("bob", new AnnotationTagsChanged(DOC, "a1", List.of("y", "z"), List.of("x")));
        event("carol", new ReplyAdded(DOC, "a1", "r1", "同意 👍"));
        event("carol", new SourceLinked(DOC, "a1", new Source("s2", "https://example.org", null, null, null)));
        event("bob", new SourceUnlinked(DOC, "a1", "s1"));
        event("bob", new AnnotationResolved(DOC, "a1"));
        AnnotationView a = fold().annotations().get(0);
        assertThat(a.body().text()).isEqualTo("better note");
        assertThat(a.target()).isEqualTo(TARGET);
        assertThat(a.tags()).containsExactly("y", "z");
        assertThat(a.replies()).singleElement().satisfies(r -> {
            assertThat(r.text()).isEqualTo("同意 👍");
            assertThat(r.author()).isEqualTo("carol");
            assertThat(r.created()).isEqualTo(T0.plusSeconds(4));
        });
        assertThat(a.sources()).extracting(Source::id).containsExactly("s2");
        assertThat(a.status()).isEqualTo("resolved");
        assertThat(a.author()).isEqualTo("alice");
        assertThat(a.modified()).isEqualTo(T0.plusSeconds(7));
        assertThat(a.modifiedRevision()).isEqualTo(7);

        event("alice", new AnnotationReopened(DOC, "a1"));
        assertThat(fold().annotations().get(0).status()).isEqualTo("open");
    }

    @Test
    void aDeletedAnnotationLeavesTheViewButOthersStayInOrder() {
        registerAndAdd();
        event("bob", new AnnotationAdded(DOC, "a2", TARGET, "second", List.of(), List.of()));
        event("bob", new AnnotationAdded(DOC, "a3", TARGET, "third", List.of(), List.of()));
        event("alice", new AnnotationDeleted(DOC, "a2"));
        DocumentView view = fold();
        assertThat(view.annotations()).extracting(AnnotationView::id).containsExactly("a1", "a3");
        assertThat(view.revision()).isEqualTo(4);
    }

    @Test
    void anEventAtOrBelowTheViewsRevisionChangesNothing() {
        registerAndAdd();
        event("bob", new AnnotationEdited(DOC, "a1", "edited", null));
        DocumentView view = fold();
        for (RecordedEvent old : history) {
            assertThat(DocumentReducer.reduce(view, old)).isSameAs(view);
        }
    }

    @Test
    void reducingNeverChangesTheViewItWasGiven() {
        registerAndAdd();
        DocumentView before = fold();
        DocumentView copy = new DocumentView(before.documentId(), before.revision(), before.annotations());
        DocumentView after = DocumentReducer.reduce(before,
                event("bob", new AnnotationTagsChanged(DOC, "a1", List.of("new"), List.of())));
        assertThat(before).isEqualTo(copy);
        assertThat(after.annotations().get(0).tags()).containsExactly("x", "new");
    }

    @Test
    void foldingAPrefixOfTheStreamGivesTheViewAsOfThatRevision() {
        registerAndAdd();
        event("bob", new AnnotationEdited(DOC, "a1", "v2", null));
        event("bob", new AnnotationEdited(DOC, "a1", "v3", null));
        assertThat(DocumentReducer.fold(DOC, history.subList(0, 3)).annotations().get(0).body().text()).isEqualTo("v2");
        assertThat(DocumentReducer.fold(DOC, history.subList(0, 1)).annotations()).isEmpty();
    }
}
