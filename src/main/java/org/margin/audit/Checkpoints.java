package org.margin.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.margin.integrity.HashChain;
import org.margin.storage.StoredEvents;
import org.springframework.stereotype.Component;

/**
 * Signed statements of every stream's head: its last revision and that event's hash. Kept by whoever
 * must later prove the record (they are not stored by the server), they let anyone check offline that an
 * export contains exactly the history the server had signed, and not a rewritten chain.
 */
@Component
public class Checkpoints {

    public record Head(String stream, String type, long revision, String hash) {
    }

    /** The signed statement: {@code signature} covers the canonical JSON of issuedAt and heads. */
    public record Checkpoint(String issuedAt, List<Head> heads, String algorithm, String publicKey, String signature) {
    }

    private final MongoCollection<Document> events;
    private final SigningKey key;
    private final ObjectMapper mapper = new ObjectMapper();

    Checkpoints(MongoDatabase database, SigningKey key) {
        this.events = database.getCollection(StoredEvents.EVENTS);
        this.key = key;
    }

    public Checkpoint issue() {
        List<Head> heads = new ArrayList<>();
        Document last = null;
        try (MongoCursor<Document> cursor = events.find()
                .sort(Sorts.ascending("aggregateIdentifier", "sequenceNumber")).iterator()) {
            while (cursor.hasNext()) {
                Document event = cursor.next();
                if (last != null && !last.getString("aggregateIdentifier").equals(event.getString("aggregateIdentifier"))) {
                    heads.add(head(last));
                }
                last = event;
            }
        }
        if (last != null) {
            heads.add(head(last));
        }
        String issuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        return new Checkpoint(issuedAt, heads, "Ed25519", key.publicKey(), key.sign(signedText(mapper, issuedAt, heads)));
    }

    /** The exact text a checkpoint's signature covers; the offline verifier rebuilds it the same way. */
    public static String signedText(ObjectMapper mapper, String issuedAt, List<Head> heads) {
        ObjectNode root = mapper.createObjectNode();
        root.put("issuedAt", issuedAt);
        ArrayNode list = root.putArray("heads");
        heads.forEach(h -> list.add(mapper.valueToTree(h)));
        return HashChain.canonical(root);
    }

    private Head head(Document event) {
        String meta = event.getString("serializedMetaData");
        String hash;
        try {
            hash = meta == null ? null : mapper.readTree(meta).path("hash").asText(null);
        } catch (Exception e) {
            hash = null;
        }
        return new Head(event.getString("aggregateIdentifier"), event.getString("type"),
                ((Number) event.get("sequenceNumber")).longValue(), hash);
    }
}
