package org.margin.document.api;

public record SourceUnlinked(String documentId, String annotationId, String sourceId) implements DocumentEvent {
}
