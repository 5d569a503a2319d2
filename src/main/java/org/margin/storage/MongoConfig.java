package org.margin.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One MongoClient for the whole app: to the embedded server when no URI is configured,
 * otherwise to the configured MongoDB with journaled majority writes.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfig {

    @Bean
    MongoEndpoint mongoEndpoint(StorageProperties props) {
        if (props.isEmbedded()) {
            return new EmbeddedMongo(Path.of(props.dataDir()), props.embedded().port(), props.embedded().commit());
        }
        return new ExternalMongo(props.mongodbUri());
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(MongoEndpoint endpoint) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(endpoint.connectionString()))
                .applicationName("margin");
        if (!endpoint.embedded()) {
            settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
        }
        return MongoClients.create(settings.build());
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client, StorageProperties props) {
        return client.getDatabase(props.database());
    }
}
