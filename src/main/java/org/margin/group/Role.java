package org.margin.group;

/** A member's role in a research group. */
public enum Role {
    OWNER, ANNOTATOR, REVIEWER, AUDITOR;

    public boolean writes() {
        return this == OWNER || this == ANNOTATOR;
    }

    public boolean readsHistory() {
        return this == OWNER || this == ANNOTATOR || this == REVIEWER;
    }
}
