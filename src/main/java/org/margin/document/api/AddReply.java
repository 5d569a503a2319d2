package org.margin.document.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddReply(@TargetAggregateIdentifier String documentId, String annotationId, String replyId,
                       String text, Long expectedRevision) {
}
