package org.margin.document.api;

/** The note's text or its target changed; a null field did not change. */
public record AnnotationEdited(String documentId, String annotationId, String body, Target target)
        implements DocumentEvent {
}
