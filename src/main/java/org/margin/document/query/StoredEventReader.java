package org.margin.document.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.bson.Document;
import org.margin.document.api.DocumentEvent;
import org.margin.storage.StoredEvents;

/**
 * Reads stored events for a rebuild: with Axon's Jackson serializer, straight from their JSON text with the
 * serializer's own mapper and one reader per payload type, so they come out exactly as Axon would give
 * them. Axon's generic path converts each text to bytes, looks up a reader per call and wraps every event
 * in lazily deserialising messages; without them a rebuild deserialised 100,000 events in 0.68 s instead of
 * 1.07 s (medians, docs/benchmarks.md). Events stored in
 * another form, or written by another serializer, go through Axon's path. The rebuild applies no
 * upcasters (there are none yet); one added later must be applied here too.
 */
final class StoredEventReader {

    private static final EventEntryConfiguration FIELDS = EventEntryConfiguration.getDefault();

    private final Serializer serializer;
    private final ObjectMapper mapper;
    private final ObjectReader metaData;
    private final Map<String, ObjectReader> payloads = new HashMap<>();

    StoredEventReader(Serializer serializer) {
        this.serializer = serializer;
        this.mapper = serializer instanceof JacksonSerializer jackson ? jackson.getObjectMapper() : null;
        this.metaData = mapper == null ? null : mapper.readerFor(MetaData.class);
    }

    List<RecordedEvent> read(List<Document> stored) {
        List<RecordedEvent> events = new ArrayList<>(stored.size());
        for (Document document : stored) {
            events.add(read(document));
        }
        return events;
    }

    private RecordedEvent read(Document stored) {
        if (mapper == null || !(stored.get(FIELDS.payloadProperty()) instanceof String payload)
                || !(stored.get(FIELDS.metaDataProperty()) instanceof String meta)) {
            return viaAxon(stored);
        }
        String type = stored.getString(FIELDS.payloadTypeProperty());
        ObjectReader reader = payloads.computeIfAbsent(type, t -> mapper.readerFor(
                serializer.classForType(new SimpleSerializedType(t, stored.getString(FIELDS.payloadRevisionProperty())))));
        if (!DocumentEvent.class.isAssignableFrom(reader.getValueType().getRawClass())) {
            return viaAxon(stored);
        }
        try {
            String timestamp = stored.getString(FIELDS.timestampProperty());
            return RecordedEvent.of(stored.getString(FIELDS.aggregateIdentifierProperty()),
                    ((Number) stored.get(FIELDS.sequenceNumberProperty())).longValue(),
                    reader.readValue(payload), metaData.<MetaData>readValue(meta),
                    () -> DateTimeUtils.parseInstant(timestamp));
        } catch (JsonProcessingException e) {
            throw new SerializationException("Error while deserializing the event at position "
                    + StoredEvents.position(stored), e);
        }
    }

    private RecordedEvent viaAxon(Document stored) {
        DomainEventData<?> entry = StoredEvents.entry(stored);
        return EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(entry), serializer,
                NoOpEventUpcaster.INSTANCE).asStream().map(RecordedEvent::from).findFirst().orElseThrow();
    }
}
