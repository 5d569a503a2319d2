package org.margin.document.api;

import java.util.List;

/** Tags are recorded as a change set, so concurrent taggers merge instead of overwriting each other. */
public record AnnotationTagsChanged(String documentId, String annotationId, List<String> added,
                                    List<String> removed) implements DocumentEvent {
}
