package org.margin.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
    private final BiConsumer<T, RuntimeException> skip;

    /** {@code skip} is told of an item that is left out because applying it failed, and why. */
    public ProcessorBatch(Consumer<List<T>> apply, BiConsumer<T, RuntimeException> skip) {
        this.apply = apply;
        this.skip = skip;
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
     * A batch that fails because the store is unavailable fails the processor's batch as a whole: the
     * processor rolls it back and retries it, with growing pauses, until the store answers
     * ({@link StoreFailures}). A batch that fails otherwise is applied again one item at a time, and an item
     * that fails on its own is handed to {@code skip}: one bad event (say, one whose gap cannot be read)
     * must not stop every later one. What is skipped is left to the repair the caller makes when a later
     * event shows the gap, or to a rebuild.
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
            if (StoreFailures.unavailable(batchFailure)) {
                throw batchFailure;
            }
            if (items.size() > 1) {
                log.warn("Applying a batch of {} failed ({}); applying them one at a time", items.size(),
                        batchFailure.toString());
            }
            for (T item : items) {
                try {
                    apply.accept(List.of(item));
                } catch (RuntimeException e) {
                    if (StoreFailures.unavailable(e)) {
                        throw e;
                    }
                    skip.accept(item, e);
                }
            }
        }
    }
}
