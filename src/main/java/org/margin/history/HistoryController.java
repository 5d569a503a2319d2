package org.margin.history;

import java.util.List;
import java.util.Objects;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.document.query.DocumentCatalog;
import org.margin.document.query.DocumentStream;
import org.margin.document.query.RecordedEvent;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A document's stored events: to replay history, and to resume a live view after a gap. */
@RestController
class HistoryController {

    static final int MAX_PAGE = 1_000;

    private final DocumentCatalog catalog;
    private final DocumentStream stream;
    private final Permissions permissions;

    HistoryController(DocumentCatalog catalog, DocumentStream stream, Permissions permissions) {
        this.catalog = catalog;
        this.stream = stream;
        this.permissions = permissions;
    }

    @GetMapping("/api/documents/{id}/events")
    List<RecordedEvent> events(@PathVariable String id, @RequestParam(defaultValue = "-1") long after,
                               @RequestParam(defaultValue = "100") int limit) {
        authorise(id);
        if (after < -1) {
            throw new InvalidInputException("after", "must be -1 or a revision");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE);
        }
        return stream.after(id, after, limit);
    }

    @GetMapping("/api/documents/{id}/annotations/{aid}/history")
    List<RecordedEvent> annotationHistory(@PathVariable String id, @PathVariable String aid) {
        authorise(id);
        List<RecordedEvent> events = stream.all(id, e -> Objects.equals(e.annotationId(), aid));
        if (events.isEmpty()) {
            throw new NotFoundException("No annotation " + aid + " in this document");
        }
        return events;
    }

    private void authorise(String documentId) {
        String groupId = catalog.groupOf(documentId).orElseThrow(() -> new NotFoundException("Unknown document"));
        permissions.requireHistory(Caller.current(), groupId);
    }
}
