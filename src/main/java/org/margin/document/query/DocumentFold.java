package org.margin.document.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;

/**
 * Folds one document's events into its view with the reducer's own step for each annotation
 * ({@link DocumentReducer#annotation}), giving the views {@link DocumentReducer#reduce} gives event by event.
 * {@code reduce} makes a new list of all the document's annotations for every event, so folding a stream
 * that way costs the square of its length; here an event costs the same however long the document, and
 * the list is made only when a view is asked for. For one fold at a time (a rebuild's pass, an as-of view).
 */
final class DocumentFold {

    private final String documentId;
    private final Map<String, AnnotationView> annotations = new LinkedHashMap<>();
    private long revision;
    /** The view last asked for, while no event has changed it since. */
    private DocumentView view;

    DocumentFold(DocumentView start) {
        this.documentId = start.documentId();
        this.revision = start.revision();
        start.annotations().forEach(a -> annotations.put(a.id(), a));
        this.view = start;
    }

    /** Folds one more event; as with {@code reduce}, an event at or below the revision changes nothing. */
    void apply(RecordedEvent change) {
        if (change.revision() <= revision) {
            return;
        }
        DocumentEvent event = change.payload();
        if (event instanceof DocumentRegistered) {
            annotations.clear();
        } else if (event instanceof AnnotationAdded) {
            // the aggregate records an add only for a new id, so this appends, as reduce does
            AnnotationView added = DocumentReducer.annotation(null, change);
            annotations.remove(added.id());
            annotations.put(added.id(), added);
        } else if (event instanceof AnnotationDeleted) {
            annotations.remove(event.annotationId());
        } else {
            annotations.computeIfPresent(event.annotationId(), (id, a) -> DocumentReducer.annotation(a, change));
        }
        revision = change.revision();
        view = null;
    }

    String documentId() {
        return documentId;
    }

    long revision() {
        return revision;
    }

    int size() {
        return annotations.size();
    }

    DocumentView view() {
        if (view == null) {
            view = new DocumentView(documentId, revision, new ArrayList<>(annotations.values()));
        }
        return view;
    }
}
