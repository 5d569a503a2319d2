package org.margin.storage;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's event store and token store on MongoDB. Events are stored by {@link SequencedEventStorageEngine};
 * tokens by the Mongo extension's token store, wired by hand (the extension's Spring Boot starter expects
 * client sessions, which the embedded server lacks). No multi-document transactions are used:
 * correctness rests on unique keys and on idempotent projections.
 */
@Configuration(proxyBeanMethods = false)
class AxonMongoConfig {

    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    MongoTemplate axonMongoTemplate(MongoDatabase database) {
        return DefaultMongoTemplate.builder().mongoDatabase(database).build();
    }

    @Bean
    TransactionManager axonTransactionManager() {
        return NoTransactionManager.INSTANCE;
    }

    @Bean
    EventStorageEngine eventStorageEngine(MongoDatabase database, StorageProperties props,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer) {
        SequencedEventStorageEngine engine = SequencedEventStorageEngine.builder()
                .database(database)
                .gapTimeout(props.events().gapTimeout())
                .tailPace(props.events().tailPace())
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .build();
        engine.ensureIndexes();
        new LegacyEvents(database).migrate();
        return engine;
    }

    /**
     * Axon's event store over the engine. Its tracking readers share one fetch of new events; when idle
     * they look for events of other nodes every {@code margin.events.poll-interval} (an idle look costs
     * a few key lookups, see ADR 0005).
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, StorageProperties props) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .fetchDelay(props.events().pollInterval().toMillis())
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }

    /**
     * Processors' positions and claims. A claim not renewed for {@link #CLAIM_TIMEOUT} may be taken over
     * by another node; this node renews its claims at most every fifth of that, instead of before every
     * batch (see {@link ClaimKeepingTokenStore}).
     */
    @Bean
    TokenStore tokenStore(MongoTemplate template, Serializer serializer) {
        TokenStore mongo = MongoTokenStore.builder()
                .mongoTemplate(template)
                .serializer(serializer)
                .claimTimeout(CLAIM_TIMEOUT)
                .transactionManager(NoTransactionManager.INSTANCE)
                .build();
        return new ClaimKeepingTokenStore(mongo, CLAIM_TIMEOUT.dividedBy(5), System::nanoTime);
    }

    /** The events of this node's commands that are not durable yet; the live push leaves them to the command. */
    @Bean
    InFlightEvents pendingEvents() {
        return new InFlightEvents();
    }

    /**
     * An acknowledged command must survive a crash: flush the store once its unit of work is committed,
     * then tell the {@link CommittedEvents} listeners what it stored.
     */
    @Bean
    DurableCommands durableCommands(CommandBus commandBus, EmbeddedEventStore eventStore, MongoEndpoint endpoint,
                                    ObjectProvider<CommittedEvents> listeners, InFlightEvents pending) {
        DurableCommands durable = new DurableCommands(endpoint, listeners.orderedStream().toList(), pending);
        durable.attachTo(commandBus, eventStore);
        return durable;
    }
}
