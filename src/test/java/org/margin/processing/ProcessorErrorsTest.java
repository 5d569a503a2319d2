package org.margin.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margin.common.ProcessorBatch;
import org.margin.support.TestStore;

/**
 * A real tracking processor over five events of one stream, with the error handling the app gives its
 * processors, and the skip record on the embedded store through the real driver.
 */
class ProcessorErrorsTest {

    record Step(int n) {
    }

    @TempDir
    Path dir;

    private TestStore store;
    private SkippedEvents skipped;
    private TrackingEventProcessor processor;
    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final List<Integer> applied = new CopyOnWriteArrayList<>();

    @BeforeEach
    void store() {
        store = new TestStore(dir, "processing");
        skipped = new SkippedEvents(store.database);
        events.publish(IntStream.range(0, 5).mapToObj(n ->
                new GenericDomainEventMessage<>("Note", "doc-1", n, new Step(n))).toList());
    }

    @AfterEach
    void close() {
        if (processor != null) {
            processor.shutDown();
        }
        events.shutDown();
        store.close();
    }

    @Test
    void aBatchThatMeetsAnUnavailableStoreIsRetriedWholeAndNothingIsSkipped() {
        AtomicInteger attempts = new AtomicInteger();
        ProcessorBatch<Integer> batch = new ProcessorBatch<>(items -> {
            if (attempts.incrementAndGet() == 1) {
                throw new MongoSocketReadException("connection reset by the store", new ServerAddress());
            }
            applied.addAll(items);
        }, (n, failure) -> skipped.record("views", "doc-1", n, "Step", failure));
        start(new Object() {
            @EventHandler
            void on(Step step) {
                batch.add(step.n());
            }
        }, ProcessorErrors.skipping("views", skipped));

        await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 5);
        assertThat(applied).containsExactly(0, 1, 2, 3, 4);
        assertThat(attempts).hasValue(2);
        assertThat(skipped.newest(10)).isEmpty();
    }

    @Test
    void anEventThatCannotBeAppliedIsRecordedAndTheLaterOnesAreApplied() {
        start(new Object() {
            @EventHandler
            void on(Step step) {
                if (step.n() == 2) {
                    throw new IllegalStateException("step 2 does not fold");
                }
                applied.add(step.n());
            }
        }, ProcessorErrors.skipping("views", skipped));

        await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 4);
        assertThat(applied).containsExactly(0, 1, 3, 4);
        List<SkippedEvent> recorded = skipped.newest(10);
        assertThat(recorded).hasSize(1);
        SkippedEvent skip = recorded.get(0);
        assertThat(skip.processor()).isEqualTo("views");
        assertThat(skip.stream()).isEqualTo("doc-1");
        assertThat(skip.revision()).isEqualTo(2);
        assertThat(skip.type()).isEqualTo("Step");
        assertThat(skip.error()).isEqualTo("IllegalStateException: step 2 does not fold");
        assertThat(skip.at()).isNotNull();
    }

    @Test
    void aProcessorThatNeverSkipsRetriesUntilTheEventIsApplied() {
        AtomicInteger triesOfStep2 = new AtomicInteger();
        start(new Object() {
            @EventHandler
            void on(Step step, DomainEventMessage<?> message) {
                if (step.n() == 2 && triesOfStep2.incrementAndGet() == 1) {
                    throw new IllegalStateException("the membership view cannot take step 2 yet");
                }
                applied.add(step.n());
            }
        }, ProcessorErrors.neverSkipping("memberships"));

        await().atMost(Duration.ofSeconds(20)).until(() -> applied.contains(4));
        assertThat(triesOfStep2).hasValue(2);
        // the batch was rolled back at step 2 and taken again from the token before it
        assertThat(applied).containsExactly(0, 1, 0, 1, 2, 3, 4);
        assertThat(skipped.newest(10)).isEmpty();
    }

    private void start(Object handler, ListenerInvocationErrorHandler errors) {
        processor = TrackingEventProcessor.builder()
                .name("test")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler)
                        .listenerInvocationErrorHandler(errors).build())
                .messageSource(events)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(10))
                .build();
        processor.start();
    }
}
