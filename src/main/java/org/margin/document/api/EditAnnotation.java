package org.margin.document.api;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes a note. {@code tags} replaces the whole set; {@code addTags}/{@code removeTags} change it
 * without knowing the rest. Null means "leave as is".
 */
public record EditAnnotation(@TargetAggregateIdentifier String documentId, String annotationId, String body,
                             Target target, List<String> tags, List<String> addTags, List<String> removeTags,
                             Long expectedRevision) {
}
