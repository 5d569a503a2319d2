package org.margin.document.query;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.springframework.stereotype.Component;

/**
 * Keeps the per-document views and the catalogue in step with the event store, with the same reducer
 * the time-travel views use, one annotation at a time.
 * <ul>
 *   <li>Idempotent: an event at or below the document's stored revision is skipped, and so is a change
 *       at or below the stored annotation's own revision (a replay after a crash between two writes).</li>
 *   <li>Gap-aware: revisions are gap-free per document, so an event arriving ahead of the stored view
 *       means the tracking processor missed one (an append slower than the event store's gap timeout,
 *       see ADR 0005). The missing revisions are read from the store and applied first.</li>
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
        DocumentViews.Header header = views.header(change.documentId());
        long stored = header.revision();
        if (change.revision() <= stored) {
            return;
        }
        List<RecordedEvent> pending = new ArrayList<>();
        if (change.revision() > stored + 1) {
            pending.addAll(stream.after(change.documentId(), stored, (int) (change.revision() - stored - 1)));
        }
        pending.add(change);
        int count = header.count();
        for (RecordedEvent e : pending) {
            count = apply(e, count);
            views.saveHeader(e.documentId(), e.revision(), count);
            views.advanceCached(e);
        }
        catalog.advance(change.documentId(), change.revision(), count, change.timestamp());
    }

    /**
     * Applies one event and answers the new count. The count moves with the event's kind alone (the
     * aggregate only records an add of a new note and a delete of a live one), so a replay after a crash
     * between the record's write and the header's cannot skew it.
     */
    private int apply(RecordedEvent e, int count) {
        if (e.payload() instanceof DocumentRegistered registered) {
            catalog.register(registered, e);
            return 0;
        }
        String annotationId = e.payload().annotationId();
        int next = e.payload() instanceof AnnotationAdded ? count + 1
                : e.payload() instanceof AnnotationDeleted ? count - 1 : count;
        AnnotationView current = views.annotation(e.documentId(), annotationId).orElse(null);
        if (current != null && current.modifiedRevision() >= e.revision()) {
            return next;
        }
        AnnotationView changed = DocumentReducer.annotation(current, e);
        if (changed == null) {
            views.deleteAnnotation(e.documentId(), annotationId);
        } else {
            views.saveAnnotation(e.documentId(), changed.createdRevision(), changed);
        }
        return next;
    }
}
