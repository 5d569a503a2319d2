package org.margin.storage;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

@Configuration(proxyBeanMethods = false)
class AggregateConfig {

    /**
     * Keeps recently used document aggregates in memory, so a command does not re-read the document's
     * stream (on the embedded store, a scan of every event) before deciding.
     */
    @Bean
    Cache documentCache() {
        return new SoftLruCache(1_000);
    }

    /** Finds each command class's target once; Axon's default scans the class at every command. */
    @Bean
    CommandTargetResolver commandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    /** Closed before the client it writes through, and so before the store. */
    @Bean(destroyMethod = "close")
    @DependsOn("mongoClient")
    BackgroundSnapshots backgroundSnapshots() {
        return new BackgroundSnapshots();
    }

    /**
     * Axon's snapshotter as Axon's auto-configuration builds it, taking its snapshots on their own thread,
     * from the cached aggregate where there is one.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                   HandlerDefinition handlerDefinition,
                                                   ParameterResolverFactory parameterResolverFactory,
                                                   EventStore eventStore, TransactionManager transactionManager,
                                                   SnapshotterSpanFactory spanFactory,
                                                   BackgroundSnapshots backgroundSnapshots, Cache documentCache) {
        return new CachedAggregateSnapshotter(SpringAggregateSnapshotter.builder()
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(backgroundSnapshots), configuration::repository, documentCache);
    }

    /**
     * A document aggregate is snapshotted every 100 events up to revision 1,000, then whenever the events
     * since its last snapshot reach a tenth of its revision: each event pays about the same for snapshots
     * however long the document, and a load reads at most a tenth of the stream after the snapshot.
     */
    @Bean
    SnapshotTriggerDefinition documentSnapshots(Snapshotter snapshotter) {
        return new GrowingSnapshotTriggerDefinition(snapshotter, 100, 10);
    }
}
