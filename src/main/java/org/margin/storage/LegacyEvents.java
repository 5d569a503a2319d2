package org.margin.storage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store written by earlier versions (Axon's Mongo event store, collection {@code domainevents},
 * ordered by timestamps) to the positioned layout of {@link StoredEvents}. Runs once, when the new
 * collection is empty and the old one is not. The old collection is left as it was: events are never
 * deleted. Tokens of the old kind are removed, so processors read the migrated store from its start;
 * the projections skip what they already hold.
 */
final class LegacyEvents {

    static final String LEGACY_EVENTS = "domainevents";
    private static final Logger log = LoggerFactory.getLogger(LegacyEvents.class);

    private final MongoDatabase database;

    LegacyEvents(MongoDatabase database) {
        this.database = database;
    }

    long migrate() {
        MongoCollection<Document> events = database.getCollection(StoredEvents.EVENTS);
        MongoCollection<Document> legacy = database.getCollection(LEGACY_EVENTS);
        if (events.find().limit(1).first() != null || legacy.find().limit(1).first() == null) {
            return 0;
        }
        List<Document> all = legacy.find().into(new ArrayList<>());
        all.sort(Comparator.<Document, Instant>comparing(d -> Instant.parse(d.getString("timestamp")))
                .thenComparing(d -> d.getString("aggregateIdentifier"))
                .thenComparingLong(d -> ((Number) d.get("sequenceNumber")).longValue()));
        List<Document> batch = new ArrayList<>(1_000);
        long position = 0;
        for (Document d : all) {
            d.put("_id", position++);
            d.put(StoredEvents.STREAM, StoredEvents.streamKey(d.getString("aggregateIdentifier"),
                    ((Number) d.get("sequenceNumber")).longValue()));
            batch.add(d);
            if (batch.size() == 1_000) {
                events.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            events.insertMany(batch);
        }
        database.getCollection("trackingtokens").deleteMany(Filters.regex("tokenType", "MongoTrackingToken"));
        log.info("Moved {} events from '{}' to '{}' with store positions; '{}' is kept unchanged",
                position, LEGACY_EVENTS, StoredEvents.EVENTS, LEGACY_EVENTS);
        return position;
    }
}
