package org.margin.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.document.query.AnnotationView;
import org.margin.document.query.DocumentStream;
import org.margin.document.query.DocumentView;
import org.margin.document.query.RecordedEvent;
import org.margin.user.DisplayNames;
import org.springframework.stereotype.Component;

/** History answers, all computed from the event stream with the one reducer. */
@Component
class DocumentHistory {

    static final int MAX_PAGE = 1_000;

    private final DocumentStream stream;
    private final DisplayNames names;

    DocumentHistory(DocumentStream stream, DisplayNames names) {
        this.stream = stream;
        this.names = names;
    }

    List<HistoryEvent> events(String documentId, long after, int limit) {
        if (after < -1) {
            throw new InvalidInputException("after", "must be -1 or a revision");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE);
        }
        return stream.after(documentId, after, limit).stream().map(this::named).toList();
    }

    List<HistoryEvent> ofAnnotation(String documentId, String annotationId) {
        List<HistoryEvent> events = stream.all(documentId, e -> Objects.equals(e.annotationId(), annotationId))
                .stream().map(this::named).toList();
        if (events.isEmpty()) {
            throw new NotFoundException("No annotation " + annotationId + " in this document");
        }
        return events;
    }

    Diff diff(String documentId, long from, long to) {
        if (from < 0 || to < 0) {
            throw new InvalidInputException(from < 0 ? "from" : "to", "must be a revision ≥ 0");
        }
        if (from > to) {
            throw new InvalidInputException("from", "must not be after to");
        }
        DocumentView after = asOf(documentId, to, "to");
        DocumentView before = asOf(documentId, from, "from");
        Map<String, AnnotationView> old = new LinkedHashMap<>();
        before.annotations().forEach(a -> old.put(a.id(), a));
        List<AnnotationView> added = new ArrayList<>();
        List<Diff.Changed> changed = new ArrayList<>();
        for (AnnotationView a : after.annotations()) {
            AnnotationView was = old.remove(a.id());
            if (was == null) {
                added.add(a);
            } else if (!was.equals(a)) {
                changed.add(new Diff.Changed(a.id(), was, a));
            }
        }
        List<HistoryEvent> between = to == from ? List.of()
                : stream.after(documentId, from, (int) Math.min(Integer.MAX_VALUE, to - from)).stream()
                        .map(e -> named(e).summary()).toList();
        return new Diff(from, to, added, List.copyOf(old.values()), changed, between);
    }

    private DocumentView asOf(String documentId, long revision, String field) {
        try {
            return stream.asOf(documentId, revision);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.errors().values().iterator().next());
        }
    }

    private HistoryEvent named(RecordedEvent e) {
        return HistoryEvent.of(e, names.of(e.actor()));
    }
}
