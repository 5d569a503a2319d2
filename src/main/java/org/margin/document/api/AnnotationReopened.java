package org.margin.document.api;

public record AnnotationReopened(String documentId, String annotationId) implements DocumentEvent {
}
