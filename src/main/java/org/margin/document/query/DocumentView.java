package org.margin.document.query;

import java.util.List;

/** The annotations of one document as of one revision. Immutable; the reducer makes new ones. */
public record DocumentView(String documentId, long revision, List<AnnotationView> annotations) {

    public DocumentView {
        annotations = List.copyOf(annotations);
    }

    public static DocumentView empty(String documentId) {
        return new DocumentView(documentId, -1, List.of());
    }
}
