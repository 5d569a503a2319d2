package org.margin.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The per-document hash chain. Each event's hash is SHA-256 over a canonical JSON form of
 * {type, revision, actor, timestamp, payload, previousHash}: object keys sorted, null fields dropped,
 * no whitespace. The same function runs when an event is decided and when a stored stream is verified,
 * so the stored JSON payload (parsed back to a tree) must hash exactly as the record did.
 */
public final class HashChain {

    /** The previousHash of a stream's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private HashChain() {
    }

    public static String hash(String type, long revision, String actor, String timestamp, Object payload,
                              String previousHash) {
        JsonNode payloadTree = payload instanceof JsonNode node ? node : MAPPER.valueToTree(payload);
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("type", type);
        content.put("revision", revision);
        content.put("actor", actor);
        content.put("timestamp", timestamp);
        content.set("payload", payloadTree);
        content.put("previousHash", previousHash);
        return sha256(canonical(content));
    }

    /** Keys sorted, nulls dropped, compact: one text per meaning. */
    public static String canonical(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(normalise(node));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write canonical JSON", e);
        }
    }

    private static JsonNode normalise(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                JsonNode value = node.get(name);
                if (value != null && !value.isNull()) {
                    sorted.set(name, normalise(value));
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(normalise(element)));
            return array;
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
