package org.margin.storage;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * Snapshots an aggregate once the events since its last snapshot (or since it was loaded) reach a share of
 * its stream's length, and at least a minimum: with a minimum of 100 and a share of a tenth, at revisions
 * 99, 199, ..., 999, then each time the stream has grown by a ninth (1,109, 1,232, 1,368, ...): 33 snapshots
 * in a stream of 12,000 events instead of 120.
 * <p>
 * A snapshot costs about as much as the aggregate is large: the snapshotter loads the previous snapshot and
 * the events after it, and serialises the whole state. A document's state grows with its stream, so a
 * snapshot every fixed number of events costs each event a share of the document's size; with the
 * interval growing with the stream, each event pays about the same however long the document is. A load
 * then reads at most that share of the stream's events after the snapshot.
 */
final class GrowingSnapshotTriggerDefinition implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final int minimum;
    private final int divisor;

    GrowingSnapshotTriggerDefinition(Snapshotter snapshotter, int minimum, int divisor) {
        if (minimum < 1 || divisor < 1) {
            throw new IllegalArgumentException("minimum and divisor must be positive");
        }
        this.snapshotter = snapshotter;
        this.minimum = minimum;
        this.divisor = divisor;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, minimum, divisor);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof Trigger existing) {
            existing.setSnapshotter(snapshotter);
            return existing;
        }
        return prepareTrigger(aggregateType);
    }

    /** The events after the last snapshot at which the next is taken, at a stream's revision. */
    static long interval(long revision, int minimum, int divisor) {
        return Math.max(minimum, revision / divisor);
    }

    private static final class Trigger extends AbstractSnapshotTrigger {

        private static final long serialVersionUID = 1L;

        private final int minimum;
        private final int divisor;
        private long counter;
        private long revision;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int minimum, int divisor) {
            super(snapshotter, aggregateType);
            this.minimum = minimum;
            this.divisor = divisor;
        }

        @Override
        public void eventHandled(EventMessage<?> message) {
            if (message instanceof DomainEventMessage<?> event) {
                revision = event.getSequenceNumber();
            }
            super.eventHandled(message);
        }

        @Override
        protected boolean exceedsThreshold() {
            return ++counter >= interval(revision, minimum, divisor);
        }

        @Override
        protected void reset() {
            counter = 0;
        }
    }
}
