package org.margin.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Margin keeps its data.
 *
 * @param mongodbUri     a MongoDB connection string; when blank, the embedded server is started
 * @param database       the database holding events, tokens and views
 * @param dataDir        folder of the embedded store
 * @param embeddedPort   loopback port of the embedded server (0 picks a free one)
 * @param embeddedCommit commit the embedded store after every command, so an acknowledged command survives a crash
 */
@ConfigurationProperties(prefix = "margin")
public record StorageProperties(
        @DefaultValue("") String mongodbUri,
        @DefaultValue("margin") String database,
        @DefaultValue("./data") String dataDir,
        @DefaultValue("0") int embeddedPort,
        @DefaultValue("true") boolean embeddedCommit) {

    public boolean embedded() {
        return mongodbUri == null || mongodbUri.isBlank();
    }
}
