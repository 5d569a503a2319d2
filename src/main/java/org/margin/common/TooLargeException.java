package org.margin.common;

/** Input over one of the size limits. */
public final class TooLargeException extends DomainException {

    public TooLargeException(String message) {
        super(message);
    }
}
