package org.margin.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

/**
 * Items of one batch reach the consumer together, at the batch's last message; a batch failing on an item
 * skips that item only, and one failing on the store fails whole, to be retried.
 */
class ProcessorBatchTest {

    private final List<List<Integer>> applied = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    private void skip(Integer item, RuntimeException failure) {
        skipped.add(item + ": " + failure.getMessage());
    }

    @Test
    void aBatchIsAppliedOnceAtItsLastMessage() {
        ProcessorBatch<Integer> batch = new ProcessorBatch<>(applied::add, this::skip);
        List<Integer> seenBeforeTheLast = new ArrayList<>();
        BatchingUnitOfWork<?> unit = new BatchingUnitOfWork<>(messages(5));
        unit.executeWithResult(() -> {
            int n = (Integer) unit.getMessage().getPayload();
            batch.add(n);
            if (n < 4) {
                seenBeforeTheLast.add(applied.size());
            }
            return null;
        });
        assertThat(seenBeforeTheLast).containsOnly(0);
        assertThat(applied).containsExactly(List.of(0, 1, 2, 3, 4));
    }

    @Test
    void outsideABatchEachItemIsAppliedAtOnce() {
        ProcessorBatch<Integer> batch = new ProcessorBatch<>(applied::add, this::skip);
        batch.add(7);
        batch.add(8);
        assertThat(applied).containsExactly(List.of(7), List.of(8));
    }

    @Test
    void aFailingBatchIsAppliedOneAtATimeAndOnlyTheFailingItemIsSkipped() {
        ProcessorBatch<Integer> batch = new ProcessorBatch<>(items -> {
            if (items.contains(2)) {
                throw new IllegalStateException("item 2 cannot be applied");
            }
            applied.add(items);
        }, this::skip);
        var result = addEach(batch, 4);
        assertThat(result.isExceptional()).isFalse();
        assertThat(applied).containsExactly(List.of(0), List.of(1), List.of(3));
        assertThat(skipped).containsExactly("2: item 2 cannot be applied");
    }

    /** The processor rolls back and retries a batch that met an unavailable store; nothing is skipped. */
    @Test
    void aBatchThatMeetsAnUnavailableStoreFailsWholeAndSkipsNothing() {
        ProcessorBatch<Integer> batch = new ProcessorBatch<>(items -> {
            throw new MongoSocketReadException("connection reset", new ServerAddress());
        }, this::skip);
        var result = addEach(batch, 3);
        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(MongoSocketReadException.class);
        assertThat(skipped).isEmpty();
    }

    /** Met while applying items one at a time (after another failure), the store's failure still stops the batch. */
    @Test
    void anUnavailableStoreDuringTheItemByItemPassStopsTheBatchToo() {
        ProcessorBatch<Integer> batch = new ProcessorBatch<>(items -> {
            if (items.size() > 1) {
                throw new IllegalStateException("the batch cannot be applied");
            }
            if (items.contains(1)) {
                throw new MongoTimeoutException("no server selected");
            }
            applied.add(items);
        }, this::skip);
        var result = addEach(batch, 3);
        assertThat(result.isExceptional()).isTrue();
        assertThat(skipped).isEmpty();
        assertThat(applied).containsExactly(List.of(0));
    }

    /** Items whose handler does not take the batch's last message are applied as the batch commits. */
    @Test
    void whatIsPendingWhenTheLastMessageIsNotTheHandlersIsAppliedAtCommit() {
        ProcessorBatch<Integer> batch = new ProcessorBatch<>(applied::add, this::skip);
        List<Integer> seenAtTheLast = new ArrayList<>();
        BatchingUnitOfWork<?> unit = new BatchingUnitOfWork<>(messages(3));
        unit.executeWithResult(() -> {   // and then commits
            int n = (Integer) unit.getMessage().getPayload();
            if (n < 2) {
                batch.add(n);
            } else {
                seenAtTheLast.add(applied.size());   // the last message is another handler's
            }
            return null;
        });
        assertThat(seenAtTheLast).containsExactly(0);
        assertThat(applied).containsExactly(List.of(0, 1));
    }

    /** Runs a processor's batch of {@code count} messages whose handler adds each payload to {@code batch}. */
    private static ResultMessage<?> addEach(ProcessorBatch<Integer> batch, int count) {
        BatchingUnitOfWork<?> unit = new BatchingUnitOfWork<>(messages(count));
        return unit.executeWithResult(() -> {
            batch.add((Integer) unit.getMessage().getPayload());
            return null;
        });
    }

    private static List<EventMessage<?>> messages(int count) {
        return IntStream.range(0, count).<EventMessage<?>>mapToObj(GenericEventMessage::new).toList();
    }
}
