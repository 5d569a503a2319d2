package org.margin.group.api;

import org.margin.group.Role;

public record MemberRemoved(String groupId, String username, Role previousRole) implements GroupEvent {
}
