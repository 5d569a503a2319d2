package org.margin.processing;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.margin.common.StoreFailures;

/**
 * What a processor does with an event its handler failed on. A failure of the store is thrown on, so the
 * tracking processor rolls the batch back and retries it with growing pauses (Axon's: 1 s, doubling up
 * to 60 s) until the store answers: a primary election or a restart of the store skips nothing. Any
 * other failure is recorded in {@link SkippedEvents} and the processor goes on, unless the processor
 * must not skip at all.
 */
final class ProcessorErrors implements ListenerInvocationErrorHandler {

    private final String processor;
    private final SkippedEvents skipped;

    private ProcessorErrors(String processor, SkippedEvents skipped) {
        this.processor = processor;
        this.skipped = skipped;
    }

    /** Retries a failure of the store; skips and records any other. */
    static ProcessorErrors skipping(String processor, SkippedEvents skipped) {
        return new ProcessorErrors(processor, skipped);
    }

    /** Retries every failure: for a view that access decisions read, where a skipped event is a wrong answer. */
    static ProcessorErrors neverSkipping(String processor) {
        return new ProcessorErrors(processor, null);
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler)
            throws Exception {
        if (skipped == null || StoreFailures.unavailable(exception)) {
            throw exception;
        }
        skipped.record(processor, event, exception);
    }

    boolean skips() {
        return skipped != null;
    }

    @Override
    public String toString() {
        return "ProcessorErrors[" + processor + (skipped == null ? ", never skipping]" : ", skipping]");
    }
}
