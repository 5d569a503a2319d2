package org.margin.group;

/**
 * A member's role in a research group, from most to least powerful. Every member reads the group's
 * documents; see {@link Permissions} for what else each role may do.
 */
public enum Role {
    OWNER, ANNOTATOR, REVIEWER, AUDITOR;

    public boolean writes() {
        return this == OWNER || this == ANNOTATOR;
    }

    /** REVIEWER and above. */
    public boolean readsHistory() {
        return this != AUDITOR;
    }
}
