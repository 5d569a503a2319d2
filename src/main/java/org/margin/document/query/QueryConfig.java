package org.margin.document.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QueryConfig {

    @Bean
    DocumentCatalog documentCatalog(MongoDatabase database) {
        return new DocumentCatalog(database);
    }

    @Bean
    DocumentViews documentViews(MongoDatabase database, ObjectMapper mapper) {
        return new DocumentViews(database, mapper);
    }

    @Bean
    DocumentStream documentStream(EventStore eventStore,
                                  @Value("${margin.history.checkpoints:true}") boolean checkpoints) {
        return new DocumentStream(eventStore, checkpoints);
    }
}
