package org.margin.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Hands the items an event handler takes from one batch of a tracking processor to {@code apply} together,
 * when the handler takes the batch's last event: before the processor stores its token, so a crash cannot
 * leave the batch recorded as done but not applied. A batch holds only the events its processing group
 * handles; a handler that does not see every one of them (another handler of the group takes the last)
 * still gets what is pending as the batch commits, which is after the token is stored. Outside a batch,
 * each item is applied at once.
 */
public final class ProcessorBatch<T> {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String key = ProcessorBatch.class.getName() + "#" + INSTANCES.incrementAndGet();
    private final Consumer<List<T>> apply;

    public ProcessorBatch(Consumer<List<T>> apply) {
        this.apply = apply;
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

    // emptied only once applied: if applying fails, the batch's commit tries again, and failing there rolls it back
    private void applyPending(List<T> pending) {
        if (!pending.isEmpty()) {
            apply.accept(List.copyOf(pending));
            pending.clear();
        }
    }
}
