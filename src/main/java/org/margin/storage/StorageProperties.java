package org.margin.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Margin keeps its data.
 *
 * @param mongodbUri     a MongoDB connection string; when blank, the embedded server is started
 * @param database       the database holding events, tokens and views
 * @param dataDir        folder of the embedded store
 * @param embedded       the embedded server's settings
 * @param events         how the event store is read
 */
@ConfigurationProperties(prefix = "margin")
public record StorageProperties(
        @DefaultValue("") String mongodbUri,
        @DefaultValue("margin") String database,
        @DefaultValue("./data") String dataDir,
        @DefaultValue Embedded embedded,
        @DefaultValue Events events) {

    /**
     * @param port   loopback port of the embedded server (0 picks a free one); fix it to inspect the store
     *               with standard MongoDB tools while Margin runs
     * @param commit commit the embedded store after every command, so an acknowledged command survives a crash
     */
    public record Embedded(@DefaultValue("0") int port, @DefaultValue("true") boolean commit) {
    }

    /**
     * @param pollInterval how often an idle node looks for events stored by other nodes (its own commits
     *                     wake it at once); it bounds how late a push reaches this node's clients
     * @param gapTimeout   how long readers keep asking for a store position that has no event yet
     * @param tailPace     how long a reader that keeps finding new events waits between reads, so the
     *                     processors take the commands of that time as one batch (0: no wait)
     */
    public record Events(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("60s") Duration gapTimeout,
                         @DefaultValue("20ms") Duration tailPace) {
        public Events {
            requirePositive("margin.events.poll-interval", pollInterval);
            requirePositive("margin.events.gap-timeout", gapTimeout);
            if (tailPace == null || tailPace.isNegative() || tailPace.compareTo(pollInterval) > 0) {
                throw new IllegalArgumentException("margin.events.tail-pace must be between 0 and the poll "
                        + "interval (" + pollInterval + "), such as 20ms; was " + tailPace);
            }
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, such as 200ms or 1s; was " + value);
            }
        }
    }

    public boolean isEmbedded() {
        return mongodbUri == null || mongodbUri.isBlank();
    }
}
