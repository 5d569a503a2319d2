package org.margin.document.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UnlinkSource(@TargetAggregateIdentifier String documentId, String annotationId, String sourceId,
                           Long expectedRevision) {
}
