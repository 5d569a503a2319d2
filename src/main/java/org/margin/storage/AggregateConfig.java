package org.margin.storage;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    /** A document aggregate is snapshotted every 100 events, so a load reads at most 100 events after it. */
    @Bean
    SnapshotTriggerDefinition documentSnapshots(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }
}
