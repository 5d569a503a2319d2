package org.margin.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveMember(@TargetAggregateIdentifier String groupId, String username) {
}
