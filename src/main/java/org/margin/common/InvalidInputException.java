package org.margin.common;

import java.util.Map;

/** Input that is well-formed JSON but not acceptable; {@code errors} maps field to message. */
public final class InvalidInputException extends DomainException {

    private final Map<String, String> errors;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.errors = Map.of(field, message);
    }

    public Map<String, String> errors() {
        return errors;
    }
}
