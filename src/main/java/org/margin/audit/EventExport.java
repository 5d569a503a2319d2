package org.margin.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.io.Writer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.margin.storage.StoredEvents;
import org.springframework.stereotype.Component;

/**
 * Every stored event, as stored, one JSON object per line, stream by stream in revision order: the input
 * of the offline verifier. Streamed from a cursor, so its size does not matter.
 */
@Component
class EventExport {

    private final MongoCollection<Document> events;
    private final ObjectMapper mapper = new ObjectMapper();

    EventExport(MongoDatabase database) {
        this.events = database.getCollection(StoredEvents.EVENTS);
    }

    void write(String streamId, Writer out) throws IOException {
        Bson filter = streamId == null ? new Document() : Filters.eq("aggregateIdentifier", streamId);
        try (MongoCursor<Document> cursor = events.find(filter).batchSize(500)
                .sort(Sorts.ascending("aggregateIdentifier", "sequenceNumber")).iterator()) {
            while (cursor.hasNext()) {
                out.write(mapper.writeValueAsString(line(cursor.next())));
                out.write('\n');
            }
        }
        out.flush();
    }

    private ObjectNode line(Document event) throws IOException {
        ObjectNode line = mapper.createObjectNode();
        String payloadType = event.getString("payloadType");
        JsonNode meta = mapper.readTree(String.valueOf(event.get("serializedMetaData")));
        line.put("stream", event.getString("aggregateIdentifier"));
        line.put("streamType", event.getString("type"));
        line.put("revision", ((Number) event.get("sequenceNumber")).longValue());
        line.put("type", payloadType.substring(payloadType.lastIndexOf('.') + 1));
        line.set("actor", meta.get("actor"));
        line.set("timestamp", meta.get("timestamp"));
        line.set("payload", mapper.readTree(String.valueOf(event.get("serializedPayload"))));
        line.set("hash", meta.get("hash"));
        line.set("previousHash", meta.get("previousHash"));
        return line;
    }
}
