package org.margin.document.api;

public record AnnotationDeleted(String documentId, String annotationId) implements DocumentEvent {
}
