package org.margin.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Margin keeps its data.
 *
 * @param mongodbUri     a MongoDB connection string; when blank, the embedded server is started
 * @param database       the database holding events, tokens and views
 * @param dataDir        folder of the embedded store
 * @param embedded       the embedded server's settings
 */
@ConfigurationProperties(prefix = "margin")
public record StorageProperties(
        @DefaultValue("") String mongodbUri,
        @DefaultValue("margin") String database,
        @DefaultValue("./data") String dataDir,
        @DefaultValue Embedded embedded) {

    /**
     * @param port   loopback port of the embedded server (0 picks a free one); fix it to inspect the store
     *               with standard MongoDB tools while Margin runs
     * @param commit commit the embedded store after every command, so an acknowledged command survives a crash
     */
    public record Embedded(@DefaultValue("0") int port, @DefaultValue("true") boolean commit) {
    }

    public boolean isEmbedded() {
        return mongodbUri == null || mongodbUri.isBlank();
    }
}
