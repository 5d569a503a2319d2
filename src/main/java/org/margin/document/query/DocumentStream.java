package org.margin.document.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.margin.common.InvalidInputException;

/**
 * Reads one document's events straight from the event store, in revision order, for history and for
 * as-of views (which fold them with {@link DocumentReducer}).
 */
public class DocumentStream {

    private final EventStore eventStore;
    private final ViewCheckpoints checkpoints;

    public DocumentStream(EventStore eventStore) {
        this(eventStore, true);
    }

    DocumentStream(EventStore eventStore, boolean useCheckpoints) {
        this.eventStore = eventStore;
        this.checkpoints = useCheckpoints ? new ViewCheckpoints() : new ViewCheckpoints() {
            @Override
            synchronized void offer(DocumentView view, Instant lastEventAt) {
                // checkpoints switched off (margin.history.checkpoints=false), to measure what they save
            }
        };
    }

    /** Up to {@code limit} events with revision greater than {@code after}. */
    public List<RecordedEvent> after(String documentId, long after, int limit) {
        List<RecordedEvent> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(documentId, after + 1);
        while (stream.hasNext() && events.size() < limit) {
            events.add(RecordedEvent.from(stream.next()));
        }
        return events;
    }

    /** Every event of the document that matches. */
    public List<RecordedEvent> all(String documentId, Predicate<RecordedEvent> filter) {
        List<RecordedEvent> events = new ArrayList<>();
        eventStore.readEvents(documentId, 0).asStream()
                .map(RecordedEvent::from).filter(filter).forEach(events::add);
        return events;
    }

    /** The view as it was after revision {@code revision}; 400 beyond the head. */
    public DocumentView asOf(String documentId, long revision) {
        if (revision < 0) {
            throw new InvalidInputException("asOf", "must be a revision ≥ 0");
        }
        ViewCheckpoints.Checkpoint start = checkpoints.atOrBefore(documentId, revision);
        DocumentFold fold = new DocumentFold(start == null ? DocumentView.empty(documentId) : start.view());
        if (fold.revision() < revision) {
            DomainEventStream stream = eventStore.readEvents(documentId, fold.revision() + 1);
            while (stream.hasNext() && fold.revision() < revision) {
                apply(fold, RecordedEvent.from(stream.next()));
            }
        }
        if (fold.revision() < revision) {
            throw new InvalidInputException("asOf", "revision " + revision + " is beyond the head revision "
                    + fold.revision());
        }
        return fold.view();
    }

    /** The view as it was at an instant: every event stamped at or before it. */
    public DocumentView asOfTime(String documentId, Instant at) {
        ViewCheckpoints.Checkpoint start = checkpoints.lastAtOrBefore(documentId, at);
        DocumentFold fold = new DocumentFold(start == null ? DocumentView.empty(documentId) : start.view());
        DomainEventStream stream = eventStore.readEvents(documentId, fold.revision() + 1);
        while (stream.hasNext()) {
            RecordedEvent event = RecordedEvent.from(stream.next());
            if (event.timestamp().isAfter(at)) {
                break;
            }
            apply(fold, event);
        }
        return fold.view();
    }

    /** Folds one event, keeping the view as a checkpoint where it sits on one. */
    private void apply(DocumentFold fold, RecordedEvent event) {
        long before = fold.revision();
        fold.apply(event);
        if (fold.revision() != before && ViewCheckpoints.at(fold.revision())) {
            checkpoints.offer(fold.view(), event.timestamp());
        }
    }
}
