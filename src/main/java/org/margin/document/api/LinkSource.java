package org.margin.document.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record LinkSource(@TargetAggregateIdentifier String documentId, String annotationId, Source source,
                         Long expectedRevision) {
}
