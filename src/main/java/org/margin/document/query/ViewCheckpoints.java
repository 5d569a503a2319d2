package org.margin.document.query;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Views of a document's past every {@value #EVERY} revisions, kept in memory, so an as-of view folds at
 * most that many events from the nearest checkpoint instead of the whole stream. Cheap to keep: the
 * reducer makes new views that share every unchanged annotation with the views before them. Bounded to
 * the most recently used documents; a view of the past never changes, so a checkpoint never goes stale.
 */
class ViewCheckpoints {

    static final int EVERY = 100;
    private static final int DOCUMENTS = 32;

    record Checkpoint(DocumentView view, Instant lastEventAt) {
    }

    private final Map<String, NavigableMap<Long, Checkpoint>> byDocument = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, NavigableMap<Long, Checkpoint>> eldest) {
            return size() > DOCUMENTS;
        }
    };

    synchronized Checkpoint atOrBefore(String documentId, long revision) {
        NavigableMap<Long, Checkpoint> checkpoints = byDocument.get(documentId);
        Map.Entry<Long, Checkpoint> entry = checkpoints == null ? null : checkpoints.floorEntry(revision);
        return entry == null ? null : entry.getValue();
    }

    synchronized Checkpoint lastAtOrBefore(String documentId, Instant at) {
        NavigableMap<Long, Checkpoint> checkpoints = byDocument.get(documentId);
        if (checkpoints == null) {
            return null;
        }
        Checkpoint best = null;
        for (Checkpoint c : checkpoints.values()) {
            if (c.lastEventAt().isAfter(at)) {
                break;
            }
            best = c;
        }
        return best;
    }

    /** Whether a view of this revision is kept as a checkpoint. */
    static boolean at(long revision) {
        return revision >= 0 && revision % EVERY == 0;
    }

    /** Keeps the view if it sits on a checkpoint revision. */
    synchronized void offer(DocumentView view, Instant lastEventAt) {
        if (at(view.revision())) {
            byDocument.computeIfAbsent(view.documentId(), id -> new TreeMap<>())
                    .putIfAbsent(view.revision(), new Checkpoint(view, lastEventAt));
        }
    }
}
