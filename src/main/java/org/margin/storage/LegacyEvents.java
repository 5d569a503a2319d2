package org.margin.storage;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store written by earlier versions (Axon's Mongo event store, collection {@code domainevents},
 * ordered by timestamps) to the positioned layout of {@link StoredEvents}. Runs once, before anything
 * is appended, until it has recorded that it is done (collection {@code migrations}). The old collection is left as it was: events are never
 * deleted. Tokens of the old kind are removed, so processors read the migrated store from its start;
 * the projections skip what they already hold.
 */
final class LegacyEvents {

    static final String LEGACY_EVENTS = "domainevents";
    static final String MIGRATIONS = "migrations";
    private static final String MARKER = "events-by-position";
    private static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(LegacyEvents.class);

    private final MongoDatabase database;

    LegacyEvents(MongoDatabase database) {
        this.database = database;
    }

    long migrate() {
        MongoCollection<Document> events = database.getCollection(StoredEvents.EVENTS);
        MongoCollection<Document> legacy = database.getCollection(LEGACY_EVENTS);
        MongoCollection<Document> migrations = database.getCollection(MIGRATIONS);
        if (legacy.find().limit(1).first() == null || migrations.find(Filters.eq("_id", MARKER)).first() != null) {
            return 0;
        }
        // Sort small keys in memory, then copy the events in batches: a large store never sits in the heap whole.
        List<Document> keys = legacy.find()
                .projection(Projections.include("timestamp", "aggregateIdentifier", "sequenceNumber"))
                .into(new ArrayList<>());
        keys.sort(Comparator.<Document, Instant>comparing(d -> Instant.parse(d.getString("timestamp")))
                .thenComparing(d -> d.getString("aggregateIdentifier"))
                .thenComparingLong(d -> ((Number) d.get("sequenceNumber")).longValue()));
        long position = 0;
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<Object> ids = keys.subList(from, Math.min(from + BATCH, keys.size())).stream()
                    .map(d -> d.get("_id")).toList();
            Map<Object, Document> byId = new HashMap<>();
            legacy.find(Filters.in("_id", ids)).forEach(d -> byId.put(d.get("_id"), d));
            List<Document> batch = new ArrayList<>(ids.size());
            for (Object id : ids) {
                Document d = byId.get(id);
                d.put("_id", position++);
                d.put(StoredEvents.STREAM, StoredEvents.streamKey(d.getString("aggregateIdentifier"),
                        ((Number) d.get("sequenceNumber")).longValue()));
                batch.add(d);
            }
            insertMissing(events, batch);
        }
        database.getCollection("trackingtokens").deleteMany(Filters.regex("tokenType", "MongoTrackingToken"));
        migrations.insertOne(new Document("_id", MARKER).append("events", position).append("at", new Date()));
        log.info("Moved {} events from '{}' to '{}' with store positions; '{}' is kept unchanged",
                position, LEGACY_EVENTS, StoredEvents.EVENTS, LEGACY_EVENTS);
        return position;
    }

    /**
     * Positions follow from the sort, so a move stopped halfway (a crash before the marker was written)
     * is completed by running it again: what was copied already is refused as a duplicate and skipped.
     */
    private static void insertMissing(MongoCollection<Document> events, List<Document> batch) {
        try {
            events.insertMany(batch, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyDuplicates = e.getWriteErrors().stream()
                    .allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates) {
                throw e;
            }
        }
    }
}
