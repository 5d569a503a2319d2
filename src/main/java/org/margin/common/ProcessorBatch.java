package org.margin.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the items an event handler takes from one batch of a tracking processor to {@code apply} together,
 * when the handler takes the batch's last event: before the processor stores its token, so a crash cannot
 * leave the batch recorded as done but not applied. A batch holds only the events its processing group
 * handles; a handler that does not see every one of them (another handler of the group takes the last)
 * still gets what is pending as the batch commits, which is after the token is stored. Outside a batch,
 * each item is applied at once.
 */
public final class ProcessorBatch<T> {

    private static final Logger log = LoggerFactory.getLogger(ProcessorBatch.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String key = ProcessorBatch.class.getName() + "#" + INSTANCES.incrementAndGet();
    private final Consumer<List<T>> apply;
    private final Function<T, String> describe;

    /** {@code describe} names an item in the log, briefly. */
    public ProcessorBatch(Consumer<List<T>> apply, Function<T, String> describe) {
        this.apply = apply;
        this.describe = describe;
    }

    public void add(T item) {
        UnitOfWork<?> unit = CurrentUnitOfWork.map(UnitOfWork::root).orElse(null);
        if (!(unit instanceof BatchingUnitOfWork<?> batch)) {
            apply.accept(List.of(item));
            return;
        }
        List<T> pending = batch.getOrComputeResource(key, k -> {
            List<T> list = new ArrayList<>();
            batch.onPrepareCommit(u -> applyPending(list));
            return list;
        });
        pending.add(item);
        if (batch.isLastMessage()) {
            applyPending(pending);
        }
    }

    /**
     * A batch that fails is applied again one item at a time, and an item that fails on its own is logged
     * and skipped, as the processor's error handler does with a failing event: one bad event (say, one whose
     * gap cannot be read) must not stop every later one. What is skipped is left to the repair the caller
     * makes when a later event shows the gap.
     */
    private void applyPending(List<T> pending) {
        if (pending.isEmpty()) {
            return;
        }
        List<T> items = List.copyOf(pending);
        pending.clear();
        try {
            apply.accept(items);
        } catch (RuntimeException batchFailure) {
            if (items.size() > 1) {
                log.warn("Applying a batch of {} failed ({}); applying them one at a time", items.size(),
                        batchFailure.toString());
            }
            for (T item : items) {
                try {
                    apply.accept(List.of(item));
                } catch (RuntimeException e) {
                    log.error("Skipping {}: applying it failed", describe.apply(item), e);
                }
            }
        }
    }
}
