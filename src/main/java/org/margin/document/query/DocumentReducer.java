package org.margin.document.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.AnnotationEdited;
import org.margin.document.api.AnnotationReopened;
import org.margin.document.api.AnnotationResolved;
import org.margin.document.api.AnnotationTagsChanged;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.margin.document.api.ReplyAdded;
import org.margin.document.api.Source;
import org.margin.document.api.SourceLinked;
import org.margin.document.api.SourceUnlinked;

/**
 * The one definition of what each event does to a document's annotations. A pure function: the live
 * projection, the as-of views and diffs all fold events through it, so they cannot disagree.
 */
public final class DocumentReducer {

    private DocumentReducer() {
    }

    /** Folds events in revision order, starting from nothing: the view {@link #reduce} gives event by event. */
    public static DocumentView fold(String documentId, Iterable<RecordedEvent> events) {
        DocumentFold fold = new DocumentFold(DocumentView.empty(documentId));
        for (RecordedEvent event : events) {
            fold.apply(event);
        }
        return fold.view();
    }

    /** The view after one more event. Events at or below the view's revision change nothing. */
    public static DocumentView reduce(DocumentView view, RecordedEvent change) {
        if (change.revision() <= view.revision()) {
            return view;
        }
        DocumentEvent event = change.payload();
        List<AnnotationView> annotations = view.annotations();
        if (event instanceof DocumentRegistered) {
            annotations = List.of();
        } else if (event instanceof AnnotationAdded) {
            annotations = new ArrayList<>(annotations);
            annotations.add(annotation(null, change));
        } else if (event instanceof AnnotationDeleted e) {
            annotations = annotations.stream().filter(a -> !a.id().equals(e.annotationId())).toList();
        } else {
            annotations = update(annotations, event.annotationId(), a -> annotation(a, change));
        }
        return new DocumentView(view.documentId(), change.revision(), annotations);
    }

    /**
     * What one event does to the annotation it is about: the step {@link #reduce} takes for that annotation,
     * for stores that keep annotations one by one. Null when the event deletes it.
     */
    public static AnnotationView annotation(AnnotationView current, RecordedEvent change) {
        DocumentEvent event = change.payload();
        if (event instanceof AnnotationAdded e) {
            return new AnnotationView(e.annotationId(), e.target(), new AnnotationView.Body(e.body()),
                    e.tags(), e.sources(), List.of(), "open", change.actor(), change.timestamp(),
                    change.timestamp(), change.revision(), change.revision());
        }
        if (event instanceof AnnotationDeleted || current == null) {
            return null;
        }
        return changed(current, event, change);
    }

    private static AnnotationView changed(AnnotationView a, DocumentEvent event, RecordedEvent change) {
        var body = a.body();
        var target = a.target();
        List<String> tags = a.tags();
        List<Source> sources = a.sources();
        List<AnnotationView.Reply> replies = a.replies();
        String status = a.status();
        if (event instanceof AnnotationEdited e) {
            body = e.body() != null ? new AnnotationView.Body(e.body()) : body;
            target = e.target() != null ? e.target() : target;
        } else if (event instanceof AnnotationTagsChanged e) {
            tags = new ArrayList<>(tags);
            tags.removeAll(e.removed());
            tags.addAll(e.added());
        } else if (event instanceof ReplyAdded e) {
            replies = new ArrayList<>(replies);
            replies.add(new AnnotationView.Reply(e.replyId(), e.text(), change.actor(), change.timestamp()));
        } else if (event instanceof SourceLinked e) {
            sources = new ArrayList<>(sources);
            sources.add(e.source());
        } else if (event instanceof SourceUnlinked e) {
            sources = sources.stream().filter(s -> !s.id().equals(e.sourceId())).toList();
        } else if (event instanceof AnnotationResolved) {
            status = "resolved";
        } else if (event instanceof AnnotationReopened) {
            status = "open";
        }
        return a.with(body, target, tags, sources, replies, status, change);
    }

    private static List<AnnotationView> update(List<AnnotationView> annotations, String id,
                                               UnaryOperator<AnnotationView> change) {
        List<AnnotationView> result = new ArrayList<>(annotations.size());
        for (AnnotationView a : annotations) {
            result.add(a.id().equals(id) ? change.apply(a) : a);
        }
        return result;
    }
}
