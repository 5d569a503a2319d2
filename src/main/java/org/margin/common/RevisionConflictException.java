package org.margin.common;

/** The document moved on since {@code expectedRevision} in a way that conflicts with this change. */
public final class RevisionConflictException extends DomainException {

    private final long currentRevision;

    public RevisionConflictException(String message, long currentRevision) {
        super(message);
        this.currentRevision = currentRevision;
    }

    public long currentRevision() {
        return currentRevision;
    }
}
