package org.margin.document.api;

public record DocumentRegistered(String documentId, String groupId, String title, Format format,
                                 String content, String language) implements DocumentEvent {
}
