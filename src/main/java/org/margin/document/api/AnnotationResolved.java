package org.margin.document.api;

public record AnnotationResolved(String documentId, String annotationId) implements DocumentEvent {
}
