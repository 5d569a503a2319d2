package org.margin.document.query;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.springframework.stereotype.Component;

/**
 * Keeps the per-document views and the catalogue in step with the event store, folding each event
 * with the same reducer the time-travel views use.
 * <ul>
 *   <li>Idempotent: an event at or below the stored revision is skipped.</li>
 *   <li>Gap-aware: revisions are gap-free per document, so an event arriving ahead of the stored view
 *       means the tracking processor missed one (the Mongo event store orders by client timestamps and
 *       looks back only one second). The missing revisions are read from the store and folded first.</li>
 * </ul>
 */
@Component
@ProcessingGroup(DocumentProjection.GROUP)
class DocumentProjection {

    static final String GROUP = "projections";

    private final DocumentViews views;
    private final DocumentCatalog catalog;
    private final DocumentStream stream;

    DocumentProjection(DocumentViews views, DocumentCatalog catalog, DocumentStream stream) {
        this.views = views;
        this.catalog = catalog;
        this.stream = stream;
    }

    @EventHandler
    void on(DocumentEvent event, DomainEventMessage<?> message) {
        RecordedEvent change = RecordedEvent.from(message);
        DocumentView current = views.find(change.documentId()).orElse(DocumentView.empty(change.documentId()));
        if (change.revision() <= current.revision()) {
            return;
        }
        List<RecordedEvent> pending = new ArrayList<>();
        if (change.revision() > current.revision() + 1) {
            pending.addAll(stream.after(change.documentId(), current.revision(),
                    (int) (change.revision() - current.revision() - 1)));
        }
        pending.add(change);
        DocumentView view = current;
        for (RecordedEvent e : pending) {
            if (e.payload() instanceof DocumentRegistered registered) {
                catalog.register(registered, e);
            }
            view = DocumentReducer.reduce(view, e);
        }
        views.save(view);
        catalog.advance(view, change.timestamp());
    }
}
