package org.margin.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateGroup(@TargetAggregateIdentifier String groupId, String name, String owner) {
}
