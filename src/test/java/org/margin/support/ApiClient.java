package org.margin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain HTTP client for tests: real sockets, real JSON, no Spring test shortcuts. */
public final class ApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    public ApiClient(String base, String username, String password) {
        this(base, username == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private ApiClient(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** A client that authenticates every request with an API token. */
    public static ApiClient withToken(String base, String token) {
        return new ApiClient(base, "Bearer " + token);
    }

    public ApiClient as(String username, String password) {
        return new ApiClient(base, username, password);
    }

    public ApiClient anonymous() {
        return new ApiClient(base, null, null);
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response post(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").POST(json(body)));
    }

    public Response put(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").PUT(json(body)));
    }

    public Response patch(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").method("PATCH", json(body)));
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    /** A raw body with the given content type, for malformed and oversized input. */
    public Response postRaw(String path, String contentType, byte[] body) {
        return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            String text = body instanceof String s ? s : MAPPER.writeValueAsString(body);
            return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            JsonNode json = text.isBlank() ? MAPPER.nullNode() : parse(text);
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return MAPPER.getNodeFactory().textNode(text);
        }
    }

    public record Response(int status, String contentType, JsonNode json, String text) {

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json") && json.has("status") && json.has("title");
        }
    }
}
