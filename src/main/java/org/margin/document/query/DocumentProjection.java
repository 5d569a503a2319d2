package org.margin.document.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.margin.common.ProcessorBatch;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.margin.processing.SkippedEvents;
import org.springframework.stereotype.Component;

/**
 * Keeps the per-document views and the catalogue in step with the event store, with the same reducer
 * the time-travel views use. The events of a processor's batch are applied together ({@link ProcessorBatch}):
 * one read of the documents' headers and one of the annotations they touch, then one write of the changed
 * annotation records, one of the headers and one of the catalogue rows, whatever the batch's size.
 * <ul>
 *   <li>Idempotent: an event at or below the document's stored revision is skipped, and so is a change
 *       at or below the stored annotation's own revision (a replay after a crash between two writes).
 *       Records are written before headers, so a header never runs ahead of its records.</li>
 *   <li>Gap-aware: revisions are gap-free per document, so an event arriving ahead of the one before it
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
    private final ProcessorBatch<RecordedEvent> batch;

    DocumentProjection(DocumentViews views, DocumentCatalog catalog, DocumentStream stream, SkippedEvents skipped) {
        this.views = views;
        this.catalog = catalog;
        this.stream = stream;
        this.batch = new ProcessorBatch<>(this::apply,
                (e, failure) -> skipped.record(GROUP, e.documentId(), e.revision(), e.type(), failure));
    }

    @EventHandler
    void on(DocumentEvent event, DomainEventMessage<?> message) {
        batch.add(RecordedEvent.from(message));
    }

    /** Applies events, in the order of each document's revisions, to the stored views. */
    void apply(List<RecordedEvent> events) {
        Map<String, List<RecordedEvent>> byDocument = new LinkedHashMap<>();
        for (RecordedEvent e : events) {
            byDocument.computeIfAbsent(e.documentId(), k -> new ArrayList<>()).add(e);
        }
        Map<String, DocumentViews.Header> stored = views.headers(byDocument.keySet());
        Map<String, List<RecordedEvent>> toApply = new LinkedHashMap<>();
        Map<String, Set<String>> touched = new LinkedHashMap<>();
        byDocument.forEach((documentId, list) -> {
            DocumentViews.Header header = stored.getOrDefault(documentId, DocumentViews.Header.NONE);
            List<RecordedEvent> due = due(documentId, header, list);
            if (!due.isEmpty()) {
                toApply.put(documentId, due);
                Set<String> ids = new HashSet<>();
                due.stream().map(e -> e.payload().annotationId()).filter(id -> id != null).forEach(ids::add);
                touched.put(documentId, ids);
            }
        });
        if (toApply.isEmpty()) {
            return;
        }
        Map<String, Map<String, AnnotationView>> current = views.annotations(touched);
        Map<String, Map<String, AnnotationView>> changed = new LinkedHashMap<>();
        Map<String, DocumentViews.Header> headers = new LinkedHashMap<>();
        Map<String, DocumentCatalog.Advance> rows = new LinkedHashMap<>();
        toApply.forEach((documentId, due) -> {
            Map<String, AnnotationView> annotations = current.getOrDefault(documentId, new LinkedHashMap<>());
            Map<String, AnnotationView> written = new LinkedHashMap<>();
            int count = stored.getOrDefault(documentId, DocumentViews.Header.NONE).count();
            for (RecordedEvent e : due) {
                count = fold(e, count, annotations, written);
            }
            RecordedEvent last = due.get(due.size() - 1);
            changed.put(documentId, written);
            headers.put(documentId, new DocumentViews.Header(last.revision(), count));
            rows.put(documentId, new DocumentCatalog.Advance(last.revision(), count, last.timestamp()));
        });
        views.saveAnnotations(changed);
        views.saveHeaders(headers);
        toApply.values().forEach(due -> due.forEach(views::advanceCached));
        catalog.advanceAll(rows);
    }

    /**
     * The events of one document still to apply, in revision order: those above the stored revision,
     * with any revisions missing between them read from the store.
     */
    private List<RecordedEvent> due(String documentId, DocumentViews.Header header, List<RecordedEvent> events) {
        List<RecordedEvent> due = new ArrayList<>();
        long last = header.revision();
        for (RecordedEvent e : events) {
            if (e.revision() <= last) {
                continue;
            }
            if (e.revision() > last + 1) {
                due.addAll(stream.after(documentId, last, (int) (e.revision() - last - 1)));
            }
            due.add(e);
            last = e.revision();
        }
        return due;
    }

    /**
     * Folds one event into a document's annotations, noting each one it changes, and answers the new
     * count. The count moves with the event's kind alone (the aggregate only records an add of a new note
     * and a delete of a live one), so a replay after a crash between the records' write and the header's
     * cannot skew it.
     */
    private int fold(RecordedEvent e, int count, Map<String, AnnotationView> annotations,
                      Map<String, AnnotationView> written) {
        if (e.payload() instanceof DocumentRegistered registered) {
            catalog.register(registered, e);
            return 0;
        }
        String annotationId = e.payload().annotationId();
        int next = e.payload() instanceof AnnotationAdded ? count + 1
                : e.payload() instanceof AnnotationDeleted ? count - 1 : count;
        AnnotationView current = annotations.get(annotationId);
        if (current != null && current.modifiedRevision() >= e.revision()) {
            return next;
        }
        AnnotationView changed = DocumentReducer.annotation(current, e);
        annotations.put(annotationId, changed);
        written.put(annotationId, changed);
        return next;
    }
}
