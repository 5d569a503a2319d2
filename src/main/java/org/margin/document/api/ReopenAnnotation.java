package org.margin.document.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReopenAnnotation(@TargetAggregateIdentifier String documentId, String annotationId,
                               Long expectedRevision) {
}
