package org.margin.history;

import java.util.List;
import org.margin.common.NotFoundException;
import org.margin.document.query.DocumentCatalog;
import org.margin.group.Permissions;
import org.margin.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A document's history for REVIEWER and above: the stored events (paged, in revision order: the
 * replay feed, and how a live client fills a gap), diffs between revisions, and one note's events.
 */
@RestController
class HistoryController {

    private final DocumentCatalog catalog;
    private final DocumentHistory history;
    private final Permissions permissions;

    HistoryController(DocumentCatalog catalog, DocumentHistory history, Permissions permissions) {
        this.catalog = catalog;
        this.history = history;
        this.permissions = permissions;
    }

    @GetMapping("/api/documents/{id}/events")
    List<HistoryEvent> events(@PathVariable String id, @RequestParam(defaultValue = "-1") long after,
                              @RequestParam(defaultValue = "100") int limit) {
        authorise(id);
        return history.events(id, after, limit);
    }

    @GetMapping("/api/documents/{id}/diff")
    Diff diff(@PathVariable String id, @RequestParam long from, @RequestParam long to) {
        authorise(id);
        return history.diff(id, from, to);
    }

    @GetMapping("/api/documents/{id}/annotations/{aid}/history")
    List<HistoryEvent> annotationHistory(@PathVariable String id, @PathVariable String aid) {
        authorise(id);
        return history.ofAnnotation(id, aid);
    }

    private void authorise(String documentId) {
        String groupId = catalog.groupOf(documentId).orElseThrow(() -> new NotFoundException("Unknown document"));
        permissions.requireHistory(Caller.current(), groupId);
    }
}
