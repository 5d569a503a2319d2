package org.margin.document.api;

public record ReplyAdded(String documentId, String annotationId, String replyId, String text)
        implements DocumentEvent {
}
