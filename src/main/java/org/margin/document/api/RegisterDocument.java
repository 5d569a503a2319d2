package org.margin.document.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterDocument(@TargetAggregateIdentifier String documentId, String groupId, String title,
                               Format format, String content, String language) {
}
