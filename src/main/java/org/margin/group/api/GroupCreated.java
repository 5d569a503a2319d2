package org.margin.group.api;

/** A group was created; its creator is its first OWNER. */
public record GroupCreated(String groupId, String name, String owner) implements GroupEvent {
}
