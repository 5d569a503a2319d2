package org.margin.live;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LiveConfig {

    /**
     * Each node pushes to its own sockets, so each runs its own "live" processor: its token lives in
     * memory (a shared token would let only one node push) and it starts at the head of the stream.
     */
    @Bean
    ConfigurerModule liveProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(LivePush.PROCESSOR, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(50)
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                .registerTokenStore(LivePush.PROCESSOR, c -> new InMemoryTokenStore()));
    }
}
