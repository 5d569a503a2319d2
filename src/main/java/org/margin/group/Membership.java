package org.margin.group;

/** The caller's place in one group, as {@code GET /api/me} lists it. */
public record Membership(String id, String name, Role role) {
}
