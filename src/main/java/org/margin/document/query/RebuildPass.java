package org.margin.document.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.margin.document.api.DocumentRegistered;
import org.margin.storage.StoredEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passes of a {@link Rebuild}: the stored events read in store order, a window of positions at a time
 * (exact keys, served by the {@code _id} index on any MongoDB), each document's events folded with the
 * reducer, and each document's view written in one batch at the end of its pass.
 * <ul>
 *   <li>Store order is revision order for a document except in rare cases (a write from a node whose
 *       position counter lags, into the hole of a failed append): a revision that arrives early waits
 *       until the ones before it are folded; revisions still missing below it at the end are read from
 *       the document's stream.</li>
 *   <li>Memory is bounded: while the open views hold more than {@code maxOpenAnnotations}, the document
 *       opened last is dropped, and documents seen for the first time are not opened; they are left to a
 *       further pass, which starts at the first event of any of them. A view is written once, when its
 *       document has been folded to the head; a single document larger than the bound is still folded.</li>
 * </ul>
 */
final class RebuildPass {

    static final int WINDOW = 1_000;
    static final int KEYS_PER_QUERY = 100;
    private static final Logger log = LoggerFactory.getLogger(RebuildPass.class);
    private static final String STREAM_TYPE = "DocumentAnnotations";

    /** The steps a rebuild spends its time on. */
    enum Step { CLEAR, READ, DESERIALIZE, FOLD, WRITE }

    /** What the passes report: positions read, positions added by a further pass, and time spent per step. */
    interface Progress {
        void read(long positions);

        void furtherPass(long positions);

        default void spent(Step step, long nanos) {
        }

        /** Called before a pass writes its views (every pass calls it, writing or not). */
        default void beforeWriting() {
        }
    }

    private final MongoCollection<Document> events;
    private final StoredEventReader reader;
    private final DocumentViews views;
    private final DocumentCatalog catalog;
    private final DocumentStream stream;
    private final int maxOpenAnnotations;
    private final Set<String> written = new HashSet<>();
    /** The views being folded, in the order their documents were opened. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    private int openAnnotations;
    private int passes;

    private static final class Open {
        final long firstPosition;
        final DocumentFold fold;
        RecordedEvent last;
        final TreeMap<Long, RecordedEvent> early = new TreeMap<>();

        Open(String documentId, long firstPosition) {
            this.firstPosition = firstPosition;
            this.fold = new DocumentFold(DocumentView.empty(documentId));
        }
    }

    RebuildPass(MongoCollection<Document> events, Serializer serializer, DocumentViews views,
                DocumentCatalog catalog, DocumentStream stream, int maxOpenAnnotations) {
        this.events = events;
        this.reader = new StoredEventReader(serializer);
        this.views = views;
        this.catalog = catalog;
        this.stream = stream;
        this.maxOpenAnnotations = maxOpenAnnotations;
    }

    /** Folds every document event stored at positions 0 to {@code head}; answers the number of passes. */
    int run(long head, Progress progress) {
        long start = 0;
        while (start <= head) {
            if (passes > 0) {
                progress.furtherPass(head - start + 1);
            }
            start = pass(start, head, progress);
            passes++;
        }
        return passes;
    }

    /** One pass from a position; answers where the next pass starts (past the head if none is needed). */
    private long pass(long start, long head, Progress progress) {
        long next = head + 1;
        Set<String> left = new HashSet<>();
        for (long from = start; from <= head; from += WINDOW) {
            long t0 = System.nanoTime();
            List<Document> found = window(from, (int) Math.min(WINDOW, head - from + 1));
            List<Document> wanted = found.stream().filter(d -> STREAM_TYPE.equals(d.getString("type"))
                    && !written.contains(documentId(d)) && !left.contains(documentId(d))).toList();
            long t1 = System.nanoTime();
            List<RecordedEvent> changes = reader.read(wanted);
            long t2 = System.nanoTime();
            progress.spent(Step.READ, t1 - t0);
            progress.spent(Step.DESERIALIZE, t2 - t1);
            for (int i = 0; i < changes.size(); i++) {
                RecordedEvent e = changes.get(i);
                Open o = open.get(e.documentId());
                long position = StoredEvents.position(wanted.get(i));
                if (o == null) {
                    // a pass always opens one document, so every pass makes progress whatever the bound
                    if (left.contains(e.documentId()) || !open.isEmpty() && openAnnotations > maxOpenAnnotations) {
                        left.add(e.documentId());
                        next = Math.min(next, position);
                        continue;
                    }
                    o = new Open(e.documentId(), position);
                    open.put(e.documentId(), o);
                }
                fold(o, e);
                while (openAnnotations > maxOpenAnnotations && open.size() > 1) {
                    Open out = open.remove(latestOpened());
                    openAnnotations -= out.fold.size();
                    left.add(out.fold.documentId());
                    next = Math.min(next, out.firstPosition);
                }
            }
            progress.spent(Step.FOLD, System.nanoTime() - t2);
            progress.read(found.size());
        }
        progress.beforeWriting();
        long t3 = System.nanoTime();
        open.values().forEach(this::write);
        progress.spent(Step.WRITE, System.nanoTime() - t3);
        open.clear();
        openAnnotations = 0;
        return next;
    }

    /** The document opened last in this pass: the least work is lost by leaving it to the next pass. */
    private String latestOpened() {
        String latest = null;
        for (String documentId : open.keySet()) {
            latest = documentId;
        }
        return latest;
    }

    private static String documentId(Document stored) {
        return stored.getString("aggregateIdentifier");
    }

    /**
     * A window's events, asked for {@value #KEYS_PER_QUERY} positions at a time: the embedded server checks
     * every document it finds against every key of the query's list, so its cost grows with the square of
     * the list; any server looks each key up in the {@code _id} index either way.
     */
    private List<Document> window(long from, int count) {
        List<Document> found = new ArrayList<>(count);
        for (long start = from; start < from + count; start += KEYS_PER_QUERY) {
            List<Long> positions = new ArrayList<>(KEYS_PER_QUERY);
            for (long p = start; p < Math.min(from + count, start + KEYS_PER_QUERY); p++) {
                positions.add(p);
            }
            events.find(Filters.in("_id", positions)).into(found);
        }
        found.sort(Comparator.comparingLong(StoredEvents::position));
        return found;
    }

    private void fold(Open o, RecordedEvent e) {
        if (e.revision() <= o.fold.revision()) {
            return;
        }
        if (e.revision() > o.fold.revision() + 1) {
            o.early.put(e.revision(), e);
            return;
        }
        apply(o, e);
        for (RecordedEvent next; (next = o.early.remove(o.fold.revision() + 1)) != null; ) {
            apply(o, next);
        }
    }

    private void apply(Open o, RecordedEvent e) {
        if (e.payload() instanceof DocumentRegistered registered) {
            catalog.register(registered, e);
        }
        int size = o.fold.size();
        o.fold.apply(e);
        o.last = e;
        openAnnotations += o.fold.size() - size;
    }

    /**
     * Writes a view, after reading from the document's stream every revision the pass did not reach below
     * the last one it holds back (there can be several gaps).
     */
    private void write(Open o) {
        if (!o.early.isEmpty()) {
            long through = o.early.lastKey();
            log.warn("Rebuild: document {} misses revisions between {} and {}; reading them from its stream",
                    o.fold.documentId(), o.fold.revision(), through);
            for (RecordedEvent e : stream.after(o.fold.documentId(), o.fold.revision(),
                    (int) (through - o.fold.revision()))) {
                fold(o, e);
            }
            if (!o.early.isEmpty()) {
                log.warn("Rebuild: document {} has no revision {} in its stream; folding the later ones anyway",
                        o.fold.documentId(), o.fold.revision() + 1);
                o.early.values().forEach(e -> apply(o, e));
                o.early.clear();
            }
        }
        written.add(o.fold.documentId());
        if (o.last == null) {
            return;
        }
        views.saveAll(o.fold.view());
        catalog.advance(o.fold.documentId(), o.fold.revision(), o.fold.size(), o.last.timestamp());
    }
}
