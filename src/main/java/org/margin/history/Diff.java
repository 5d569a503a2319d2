package org.margin.history;

import java.util.List;
import org.margin.document.query.AnnotationView;

/**
 * What changed between two revisions of a document's annotations: notes added, removed, and changed
 * (with both versions), plus the events in between, each with its actor and time.
 */
public record Diff(long from, long to, List<AnnotationView> added, List<AnnotationView> removed,
                   List<Changed> changed, List<HistoryEvent> events) {

    public record Changed(String id, AnnotationView before, AnnotationView after) {
    }
}
