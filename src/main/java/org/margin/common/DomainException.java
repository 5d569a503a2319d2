package org.margin.common;

/** A rejection a client must see. The web layer maps each kind to one problem-JSON answer. */
public abstract sealed class DomainException extends RuntimeException
        permits NotFoundException, RevisionConflictException, InvalidInputException, TooLargeException,
        ForbiddenException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
