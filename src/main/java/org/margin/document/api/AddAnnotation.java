package org.margin.document.api;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sources here carry no id yet: the aggregate gives each one. */
public record AddAnnotation(@TargetAggregateIdentifier String documentId, String annotationId, Target target,
                            String body, List<String> tags, List<Source> sources, Long expectedRevision) {
}
