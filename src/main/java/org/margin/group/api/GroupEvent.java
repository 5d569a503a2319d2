package org.margin.group.api;

/** An event in one group's stream: its creation and every change of membership, for the audit log. */
public sealed interface GroupEvent permits GroupCreated, MemberRoleSet, MemberRemoved {

    String groupId();
}
