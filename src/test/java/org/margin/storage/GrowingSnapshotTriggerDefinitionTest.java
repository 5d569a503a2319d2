package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;

class GrowingSnapshotTriggerDefinitionTest {

    /** Records the revision the trigger had reached at each snapshot it scheduled. */
    private static final class Recorder implements Snapshotter {
        final List<Long> revisions = new ArrayList<>();
        long current;

        @Override
        public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
            assertThat(aggregateIdentifier).isEqualTo("doc");
            revisions.add(current);
        }
    }

    private static void feed(SnapshotTrigger trigger, Recorder recorder, long from, long to) {
        for (long revision = from; revision < to; revision++) {
            recorder.current = revision;
            trigger.eventHandled(new GenericDomainEventMessage<>("DocumentAnnotations", "doc", revision, "e" + revision));
        }
    }

    @Test
    void everyHundredEventsAtFirstThenAtATenthOfTheRevision() {
        Recorder recorder = new Recorder();
        SnapshotTrigger trigger = new GrowingSnapshotTriggerDefinition(recorder, 100, 10).prepareTrigger(Object.class);
        feed(trigger, recorder, 0, 12_000);

        assertThat(recorder.revisions).startsWith(99L, 199L, 299L, 399L, 499L, 599L, 699L, 799L, 899L, 999L, 1109L);
        long previous = -1;
        for (long revision : recorder.revisions) {
            long interval = revision - previous;
            assertThat(interval).as("after revision %d", previous).isEqualTo(Math.max(100, revision / 10));
            previous = revision;
        }
        assertThat(12_000 - 1 - previous).as("events after the last snapshot").isLessThan(Math.max(100, 12_000 / 10));
        assertThat(recorder.revisions).hasSize(33);   // a snapshot every 100 events would be 120
    }

    @Test
    void theIntervalFollowsTheRevisionNotTheEventsSeenSinceALoad() {
        Recorder recorder = new Recorder();
        SnapshotTrigger trigger = new GrowingSnapshotTriggerDefinition(recorder, 100, 10).prepareTrigger(Object.class);
        // loaded from a snapshot at revision 3,999: the trigger sees the events after it
        feed(trigger, recorder, 4_000, 5_400);
        assertThat(recorder.revisions).containsExactly(4_443L, 4_936L);   // 444 events on, a tenth of 4,443
    }

    @Test
    void onlyDomainEventsAreCounted() {
        Recorder recorder = new Recorder();
        SnapshotTrigger trigger = new GrowingSnapshotTriggerDefinition(recorder, 3, 4).prepareTrigger(Object.class);
        feed(trigger, recorder, 0, 2);
        trigger.eventHandled(GenericEventMessage.asEventMessage("not a domain event"));
        assertThat(recorder.revisions).as("an event outside any stream is not counted").isEmpty();
        feed(trigger, recorder, 2, 3);
        assertThat(recorder.revisions).containsExactly(2L);
    }

    @Test
    void reconfiguringKeepsTheCountAndTakesTheNewSnapshotter() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        SnapshotTrigger trigger = new GrowingSnapshotTriggerDefinition(first, 100, 10).prepareTrigger(Object.class);
        feed(trigger, first, 0, 50);
        SnapshotTrigger same = new GrowingSnapshotTriggerDefinition(second, 100, 10).reconfigure(Object.class, trigger);
        assertThat(same).isSameAs(trigger);
        feed(same, second, 50, 100);
        assertThat(first.revisions).isEmpty();
        assertThat(second.revisions).containsExactly(99L);
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new GrowingSnapshotTriggerDefinition(new Recorder(), 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrowingSnapshotTriggerDefinition(new Recorder(), 100, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
