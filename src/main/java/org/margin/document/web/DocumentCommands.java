package org.margin.document.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.margin.common.InvalidInputException;
import org.margin.document.api.AddAnnotation;
import org.margin.document.api.AddReply;
import org.margin.document.api.DeleteAnnotation;
import org.margin.document.api.EditAnnotation;
import org.margin.document.api.LinkSource;
import org.margin.document.api.ReopenAnnotation;
import org.margin.document.api.ResolveAnnotation;
import org.margin.document.api.Source;
import org.margin.document.api.Target;
import org.margin.document.api.UnlinkSource;
import org.springframework.stereotype.Component;

/**
 * Document commands written as one JSON object with a {@code type}, as live clients send them:
 * {@code {"type": "AddAnnotation", "target": ..., "body": {"text": ...}, "expectedRevision": 7}}.
 * Field names are those of the REST API; every command goes through the same permission check and
 * aggregate as its REST twin. A client may choose the id of what it creates (a UUID), so it can refer
 * to it before the receipt arrives.
 */
@Component
public class DocumentCommands {

    private static final Pattern UUID_LIKE = Pattern.compile("^[0-9a-fA-F-]{36}$");

    private final Commands commands;
    private final ObjectMapper mapper;

    DocumentCommands(Commands commands, ObjectMapper mapper) {
        this.commands = commands;
        this.mapper = mapper;
    }

    /** The new revision, and the id of what the command created, if anything. */
    public record Result(long revision, String createdId) {
    }

    public Result execute(String documentId, JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidInputException("type", "a command is a JSON object with a type");
        }
        String type = json.path("type").asText("");
        Long expected = json.hasNonNull("expectedRevision") ? json.get("expectedRevision").asLong() : null;
        String aid = json.path("annotationId").asText(null);
        return switch (type) {
            case "AddAnnotation" -> {
                String id = chosenId(json, "annotationId");
                List<Source> sources = list(json.get("sources"), Source.class);
                yield new Result(commands.write(documentId, new AddAnnotation(documentId, id, target(json),
                        text(json.path("body")), strings(json.get("tags")),
                        sources == null ? null : sources.stream().map(s -> new Source(null, s.url(), s.doi(),
                                s.citation(), s.title())).toList(), expected)), id);
            }
            case "EditAnnotation" -> new Result(commands.write(documentId, new EditAnnotation(documentId, aid,
                    json.has("body") ? text(json.get("body")) : null, json.has("target") ? target(json) : null,
                    strings(json.get("tags")), strings(json.get("addTags")), strings(json.get("removeTags")),
                    expected)), null);
            case "DeleteAnnotation" -> new Result(commands.write(documentId,
                    new DeleteAnnotation(documentId, aid, expected)), null);
            case "AddReply" -> {
                String id = chosenId(json, "replyId");
                yield new Result(commands.write(documentId, new AddReply(documentId, aid, id,
                        json.path("text").asText(null), expected)), id);
            }
            case "LinkSource" -> {
                String id = chosenId(json, "sourceId");
                yield new Result(commands.write(documentId, new LinkSource(documentId, aid, new Source(id,
                        json.path("url").asText(null), json.path("doi").asText(null),
                        json.path("citation").asText(null), json.path("title").asText(null)), expected)), id);
            }
            case "UnlinkSource" -> new Result(commands.write(documentId, new UnlinkSource(documentId, aid,
                    json.path("sourceId").asText(null), expected)), null);
            case "ResolveAnnotation" -> new Result(commands.write(documentId,
                    new ResolveAnnotation(documentId, aid, expected)), null);
            case "ReopenAnnotation" -> new Result(commands.write(documentId,
                    new ReopenAnnotation(documentId, aid, expected)), null);
            default -> throw new InvalidInputException("type", "unknown command type '" + type + "'");
        };
    }

    private static String chosenId(JsonNode json, String field) {
        String id = json.path(field).asText(null);
        if (id == null) {
            return UUID.randomUUID().toString();
        }
        if (!UUID_LIKE.matcher(id).matches()) {
            throw new InvalidInputException(field, "must be a UUID");
        }
        return id;
    }

    private static String text(JsonNode body) {
        return body == null || body.isNull() || body.isMissingNode() ? null : body.path("text").asText(null);
    }

    private Target target(JsonNode json) {
        return convert(json.get("target"), Target.class, "target");
    }

    private List<String> strings(JsonNode node) {
        return list(node, String.class);
    }

    private <T> List<T> list(JsonNode node, Class<T> type) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return mapper.readerFor(TypeFactory.defaultInstance().constructCollectionType(List.class, type))
                    .readValue(node);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(type.getSimpleName(), "malformed list");
        }
    }

    private <T> T convert(JsonNode node, Class<T> type, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidInputException(field, "malformed " + field);
        }
    }
}
