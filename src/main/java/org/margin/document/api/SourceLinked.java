package org.margin.document.api;

public record SourceLinked(String documentId, String annotationId, Source source) implements DocumentEvent {
}
