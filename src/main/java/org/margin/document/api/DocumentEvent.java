package org.margin.document.api;

/**
 * An event in one document's stream. The stream's sequence number is the document's revision;
 * actor, timestamp and the hash chain travel as metadata (see {@code RecordedEvent}).
 */
public sealed interface DocumentEvent permits DocumentRegistered, AnnotationAdded, AnnotationEdited,
        AnnotationTagsChanged, AnnotationDeleted, ReplyAdded, SourceLinked, SourceUnlinked,
        AnnotationResolved, AnnotationReopened {

    String documentId();

    /** The annotation this event is about, or null for document-level events. */
    default String annotationId() {
        return null;
    }
}
