package org.margin.document.query;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.springframework.stereotype.Component;

/** Keeps the document catalogue (titles, groups, counters) up to date. */
@Component
@ProcessingGroup(DocumentViewProjection.GROUP)
class DocumentCatalogProjection {

    private final DocumentCatalog catalog;

    DocumentCatalogProjection(DocumentCatalog catalog) {
        this.catalog = catalog;
    }

    @EventHandler
    void on(DocumentRegistered event, DomainEventMessage<?> message) {
        catalog.register(event, RecordedEvent.from(message));
    }

    @EventHandler
    void on(DocumentEvent event, DomainEventMessage<?> message) {
        int delta = event instanceof AnnotationAdded ? 1 : event instanceof AnnotationDeleted ? -1 : 0;
        catalog.advance(RecordedEvent.from(message), delta);
    }
}
