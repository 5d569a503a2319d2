package org.margin.document.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.bson.Document;
import org.margin.document.api.DocumentRegistered;
import org.margin.storage.StoredEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of a {@link Rebuild}: the stored events read in store order, a window of positions at a time
 * (exact keys, served by the {@code _id} index on any MongoDB), each document's events folded with the
 * reducer, and each document's view written in one batch when the pass ends.
 * <ul>
 *   <li>Store order is revision order for a document except in rare cases (a write from a node whose
 *       position counter lags, into the hole of a failed append): a revision that arrives early waits
 *       until the ones before it are folded; any still missing at the end are read from the stream.</li>
 *   <li>Memory is bounded: when the open views hold more than {@code maxOpenAnnotations}, the least
 *       recently changed one is written out; if its document has more events, its view is read back.</li>
 * </ul>
 */
final class RebuildPass {

    static final int WINDOW = 1_000;
    static final int MAX_OPEN_ANNOTATIONS = 50_000;
    private static final Logger log = LoggerFactory.getLogger(RebuildPass.class);
    private static final String STREAM_TYPE = "DocumentAnnotations";

    private final MongoCollection<Document> events;
    private final Serializer serializer;
    private final DocumentViews views;
    private final DocumentCatalog catalog;
    private final DocumentStream stream;
    private final int maxOpenAnnotations;
    /** Open views, least recently changed first. */
    private final Map<String, Open> open = new LinkedHashMap<>(16, 0.75f, true);
    /** Documents whose views were written out before the end of the pass. */
    private final Set<String> written = new HashSet<>();
    private int openAnnotations;

    private static final class Open {
        /** The view as written out earlier in the pass, or null. */
        final DocumentView stored;
        DocumentView view;
        RecordedEvent last;
        final TreeMap<Long, RecordedEvent> early = new TreeMap<>();

        Open(DocumentView stored, DocumentView view) {
            this.stored = stored;
            this.view = view;
        }
    }

    RebuildPass(MongoCollection<Document> events, Serializer serializer, DocumentViews views,
                DocumentCatalog catalog, DocumentStream stream, int maxOpenAnnotations) {
        this.events = events;
        this.serializer = serializer;
        this.views = views;
        this.catalog = catalog;
        this.stream = stream;
        this.maxOpenAnnotations = maxOpenAnnotations;
    }

    /** Folds every document event stored at positions up to {@code head}; reports each window's count read. */
    void run(long head, LongConsumer progress) {
        for (long from = 0; from <= head; from += WINDOW) {
            List<Document> found = window(from, (int) Math.min(WINDOW, head - from + 1));
            List<Document> documentEvents = found.stream().filter(d -> STREAM_TYPE.equals(d.getString("type"))).toList();
            for (RecordedEvent e : deserialize(documentEvents)) {
                fold(e);
            }
            progress.accept(found.size());
        }
        List<String> remaining = new ArrayList<>(open.keySet());
        for (String documentId : remaining) {
            write(open.remove(documentId));
        }
    }

    private List<Document> window(long from, int count) {
        List<Long> positions = new ArrayList<>(count);
        for (long p = from; p < from + count; p++) {
            positions.add(p);
        }
        List<Document> found = events.find(Filters.in("_id", positions)).into(new ArrayList<>(count));
        found.sort(Comparator.comparingLong(StoredEvents::position));
        return found;
    }

    private List<RecordedEvent> deserialize(List<Document> documents) {
        var data = documents.stream().<org.axonframework.eventhandling.DomainEventData<?>>map(StoredEvents::entry);
        List<RecordedEvent> result = new ArrayList<>(documents.size());
        EventStreamUtils.upcastAndDeserializeDomainEvents(data, serializer, NoOpEventUpcaster.INSTANCE)
                .asStream().map(RecordedEvent::from).forEach(result::add);
        return result;
    }

    private void fold(RecordedEvent e) {
        Open o = open.get(e.documentId());
        if (o == null) {
            DocumentView stored = written.contains(e.documentId()) ? views.find(e.documentId()).orElse(null) : null;
            o = new Open(stored, stored != null ? stored : DocumentView.empty(e.documentId()));
            open.put(e.documentId(), o);
            openAnnotations += o.view.annotations().size();
        }
        if (e.revision() <= o.view.revision()) {
            return;
        }
        if (e.revision() > o.view.revision() + 1) {
            o.early.put(e.revision(), e);
            return;
        }
        apply(o, e);
        for (RecordedEvent next; (next = o.early.remove(o.view.revision() + 1)) != null; ) {
            apply(o, next);
        }
        while (openAnnotations > maxOpenAnnotations && open.size() > 1) {
            Iterator<Map.Entry<String, Open>> eldest = open.entrySet().iterator();
            Open out = eldest.next().getValue();
            eldest.remove();
            write(out);
        }
    }

    private void apply(Open o, RecordedEvent e) {
        if (e.payload() instanceof DocumentRegistered registered) {
            catalog.register(registered, e);
        }
        int size = o.view.annotations().size();
        o.view = DocumentReducer.reduce(o.view, e);
        o.last = e;
        openAnnotations += o.view.annotations().size() - size;
    }

    /** Writes a view, after folding any revisions that were stored out of reach of the pass. */
    private void write(Open o) {
        if (!o.early.isEmpty()) {
            long missing = o.early.firstKey() - o.view.revision() - 1;
            log.warn("Rebuild: document {} misses {} revision(s) after {}; reading them from its stream",
                    o.view.documentId(), missing, o.view.revision());
            for (RecordedEvent e : stream.after(o.view.documentId(), o.view.revision(), (int) missing)) {
                o.early.putIfAbsent(e.revision(), e);
            }
            o.early.values().forEach(e -> apply(o, e));
            o.early.clear();
        }
        openAnnotations -= o.view.annotations().size();
        if (o.last == null) {
            return;
        }
        written.add(o.view.documentId());
        if (o.stored != null) {
            views.removeAll(o.stored);
        }
        views.saveAll(o.view);
        catalog.advance(o.view.documentId(), o.view.revision(), o.view.annotations().size(), o.last.timestamp());
    }
}
