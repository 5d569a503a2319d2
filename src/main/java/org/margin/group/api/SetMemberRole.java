package org.margin.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.margin.group.Role;

public record SetMemberRole(@TargetAggregateIdentifier String groupId, String username, Role role) {
}
