package org.margin.storage;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AggregateConfig {

    /**
     * Keeps loaded document aggregates in memory while they are in use, so a command does not re-read
     * the document's whole stream (the embedded store scans for it).
     */
    @Bean
    Cache documentCache() {
        return new WeakReferenceCache();
    }

    /** A document aggregate is snapshotted every 100 events, so a load reads at most 100 events after it. */
    @Bean
    SnapshotTriggerDefinition documentSnapshots(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }
}
