package org.margin.web;

import org.margin.common.DomainException;
import org.margin.common.ForbiddenException;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.common.RevisionConflictException;
import org.margin.common.TooLargeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The one mapping from a domain rejection to problem JSON, for REST answers and STOMP error messages alike. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(DomainException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(statusOf(e), e.getMessage());
        if (e instanceof RevisionConflictException conflict) {
            p.setProperty("currentRevision", conflict.currentRevision());
        }
        if (e instanceof InvalidInputException invalid) {
            p.setProperty("errors", invalid.errors());
        }
        return p;
    }

    public static ProblemDetail badRequest(String detail) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    public static HttpStatus statusOf(DomainException e) {
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof ForbiddenException) {
            return HttpStatus.FORBIDDEN;
        }
        if (e instanceof RevisionConflictException) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof TooLargeException) {
            return HttpStatus.PAYLOAD_TOO_LARGE;
        }
        return HttpStatus.BAD_REQUEST;
    }
}
