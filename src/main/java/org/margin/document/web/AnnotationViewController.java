package org.margin.document.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.document.query.DocumentCatalog;
import org.margin.document.query.DocumentStream;
import org.margin.document.query.DocumentView;
import org.margin.document.query.DocumentViews;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The per-document view: live from its projection, or as of a revision or instant from the event stream. */
@RestController
class AnnotationViewController {

    private final DocumentCatalog catalog;
    private final DocumentViews views;
    private final DocumentStream stream;
    private final Permissions permissions;

    AnnotationViewController(DocumentCatalog catalog, DocumentViews views, DocumentStream stream,
                             Permissions permissions) {
        this.catalog = catalog;
        this.views = views;
        this.stream = stream;
        this.permissions = permissions;
    }

    @GetMapping("/api/documents/{id}/annotations")
    DocumentView view(@PathVariable String id, @RequestParam(name = "asOf", required = false) String asOfText,
                      @RequestParam(required = false) String asOfTime) {
        Long asOf = asOfText == null ? null : revision(asOfText);
        String groupId = catalog.groupOf(id).orElseThrow(() -> new NotFoundException("Unknown document"));
        permissions.requireRead(Caller.current(), groupId);
        if (asOf != null || asOfTime != null) {
            permissions.requireHistory(Caller.current(), groupId);
        }
        if (asOf != null && asOfTime != null) {
            throw new InvalidInputException("asOf", "give asOf or asOfTime, not both");
        }
        if (asOf != null) {
            return stream.asOf(id, asOf);
        }
        if (asOfTime != null) {
            return stream.asOfTime(id, instant(asOfTime));
        }
        return views.find(id).orElse(DocumentView.empty(id));
    }

    private static long revision(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("asOf", "must be a revision number");
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidInputException("asOfTime", "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
    }
}
