package org.margin.document.query;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.margin.document.api.DocumentEvent;
import org.springframework.stereotype.Component;

/**
 * The live per-document view: folds each stored event into the stored view with the same reducer the
 * time-travel views use. Idempotent: an event at or below the stored revision is skipped.
 */
@Component
@ProcessingGroup(DocumentViewProjection.GROUP)
class DocumentViewProjection {

    static final String GROUP = "document-views";

    private final DocumentViews views;

    DocumentViewProjection(DocumentViews views) {
        this.views = views;
    }

    @EventHandler
    void on(DocumentEvent event, DomainEventMessage<?> message) {
        RecordedEvent change = RecordedEvent.from(message);
        DocumentView current = views.find(change.documentId()).orElse(DocumentView.empty(change.documentId()));
        if (change.revision() > current.revision()) {
            views.save(DocumentReducer.reduce(current, change));
        }
    }
}
