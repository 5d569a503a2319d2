package org.margin.integrity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.axonframework.messaging.MetaData;

/**
 * The metadata every chained event carries: who, when, and its place in its stream's hash chain.
 * Aggregates call this where they decide an event, with the revision it will get and the hash of the
 * event before it.
 */
public final class EventStamp {

    public static final String ACTOR = "actor";
    public static final String TIMESTAMP = "timestamp";
    public static final String HASH = "hash";
    public static final String PREVIOUS_HASH = "previousHash";
    public static final String CLIENT_ID = "clientId";

    private EventStamp() {
    }

    public static MetaData stamp(Object event, long revision, String previousHash, MetaData command) {
        String actor = Objects.toString(command.get(ACTOR), "system");
        String timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String hash = HashChain.hash(event.getClass().getSimpleName(), revision, actor, timestamp, event, previousHash);
        MetaData metaData = MetaData.with(ACTOR, actor)
                .and(TIMESTAMP, timestamp)
                .and(PREVIOUS_HASH, previousHash)
                .and(HASH, hash);
        Object clientId = command.get(CLIENT_ID);
        return clientId == null ? metaData : metaData.and(CLIENT_ID, clientId);
    }
}
