package org.margin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.margin.document.api.DocumentEvent;
import org.margin.document.query.DocumentReducer;
import org.margin.document.query.DocumentView;
import org.margin.document.query.RecordedEvent;

/**
 * What a live client keeps: the view it loaded, then every envelope applied in revision order, dropping
 * duplicates and fetching any missing range with {@code events?after=}. Uses the server's reducer, as a
 * JVM client could.
 */
public final class Replica {

    public static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final ApiClient api;
    private final String documentId;
    public final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private DocumentView view;
    public final List<Long> applied = new ArrayList<>();
    public int gapsFilled;

    public Replica(ApiClient api, String documentId) {
        this.api = api;
        this.documentId = documentId;
    }

    /** Call after subscribing the inbox to the document's topic. */
    public Replica load() {
        view = toView(api.get("/api/documents/" + documentId + "/annotations").json());
        return this;
    }

    public DocumentView view() {
        return view;
    }

    /** Applies what has arrived until the replica reaches {@code revision}, or the time runs out. */
    public DocumentView catchUp(long revision, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (view.revision() < revision && System.nanoTime() < deadline) {
            JsonNode envelope = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (envelope != null) {
                apply(envelope);
            }
        }
        JsonNode envelope;
        while ((envelope = inbox.poll()) != null) {
            apply(envelope);
        }
        return view;
    }

    public void apply(JsonNode envelope) {
        RecordedEvent event = toEvent(envelope);
        if (event.revision() <= view.revision()) {
            return;
        }
        if (event.revision() > view.revision() + 1) {
            gapsFilled++;
            for (JsonNode missing : api.get("/api/documents/" + documentId + "/events?after=" + view.revision()
                    + "&limit=" + (event.revision() - view.revision() - 1)).json()) {
                step(toEvent(missing));
            }
        }
        step(event);
    }

    private void step(RecordedEvent event) {
        view = DocumentReducer.reduce(view, event);
        applied.add(event.revision());
    }

    public static DocumentView toView(JsonNode json) {
        try {
            return MAPPER.treeToValue(json, DocumentView.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RecordedEvent toEvent(JsonNode json) {
        try {
            String type = json.get("type").asText();
            DocumentEvent payload = (DocumentEvent) MAPPER.treeToValue(json.get("payload"),
                    Class.forName("org.margin.document.api." + type));
            return new RecordedEvent(json.get("documentId").asText(), json.get("revision").asLong(), type,
                    json.get("actor").asText(), Instant.parse(json.get("timestamp").asText()),
                    json.path("annotationId").asText(null), payload, json.path("hash").asText(null),
                    json.path("previousHash").asText(null));
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable envelope " + json, e);
        }
    }
}
