package org.margin.storage;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntry;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

/**
 * The layout of the event collection. One document per event, with the fields of Axon's Mongo event
 * entry ({@code aggregateIdentifier}, {@code sequenceNumber}, {@code type}, {@code timestamp},
 * {@code payloadType}, {@code serializedPayload}, {@code serializedMetaData}, ...) plus:
 * <ul>
 *   <li>{@code _id}: the event's position in the store, a number given once and never reused;</li>
 *   <li>{@code stream}: {@code "<aggregateIdentifier>#<sequenceNumber>"}, unique, so that two commands
 *   cannot store the same revision of a stream, and so that a stream is read by exact keys.</li>
 * </ul>
 */
public final class StoredEvents {

    public static final String EVENTS = "events";
    public static final String SNAPSHOTS = "snapshots";
    public static final String STREAM = "stream";
    static final String STREAM_INDEX = "stream_1";

    private StoredEvents() {
    }

    public static String streamKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + "#" + sequenceNumber;
    }

    /** The stored form of an event at a given position. */
    public static Document toDocument(DomainEventMessage<?> event, Serializer serializer, long position) {
        Document document = new EventEntry(event, serializer).asDocument(EventEntryConfiguration.getDefault());
        document.put("_id", position);
        document.put(STREAM, streamKey(event.getAggregateIdentifier(), event.getSequenceNumber()));
        return document;
    }

    /** A stored event, still serialised. */
    public static DomainEventData<?> entry(Document document) {
        return new EventEntry(document, EventEntryConfiguration.getDefault());
    }

    public static long position(Document document) {
        return ((Number) document.get("_id")).longValue();
    }
}
