package org.margin.common;

/** Known to the caller, but the caller's role does not allow this. */
public final class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super(message);
    }
}
