package org.margin.common;

/** Unknown, or not visible to the caller (who must not learn whether it exists). */
public final class NotFoundException extends DomainException {

    public NotFoundException(String message) {
        super(message);
    }
}
