package org.margin.group.api;

import org.margin.group.Role;

/** A user joined the group with a role ({@code previousRole} null), or their role changed. */
public record MemberRoleSet(String groupId, String username, Role role, Role previousRole) implements GroupEvent {
}
