package org.margin.document.api;

import java.util.List;

public record AnnotationAdded(String documentId, String annotationId, Target target, String body,
                              List<String> tags, List<Source> sources) implements DocumentEvent {
}
