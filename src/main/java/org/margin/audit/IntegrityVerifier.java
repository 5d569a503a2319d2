package org.margin.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.margin.integrity.EventStamp;
import org.margin.integrity.HashChain;
import org.margin.storage.StoredEvents;
import org.springframework.stereotype.Component;

/**
 * Walks stored event streams as they are in the database, not as the application would read them, and
 * recomputes each event's hash from its stored content. Finds content changed after the fact, events
 * deleted (a gap in revisions) or duplicated, events moved to another revision, and events inserted
 * without the right link to their predecessor. An insertion that recomputes the whole chain correctly
 * is caught only by comparing the head hash with a signed checkpoint.
 */
@Component
public class IntegrityVerifier {

    static final String DOCUMENT_STREAM = "DocumentAnnotations";
    static final String GROUP_STREAM = "ResearchGroup";
    static final String ACCOUNT_STREAM = "Account";

    /** A whole-store run's position, for the progress endpoint. */
    public record Progress(boolean running, long eventsChecked, long eventsTotal, Instant startedAt,
                           Instant finishedAt, Integer problems) {
    }

    private final MongoCollection<Document> events;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicReference<Progress> progress = new AtomicReference<>(
            new Progress(false, 0, 0, null, null, null));

    IntegrityVerifier(MongoDatabase database) {
        this.events = database.getCollection(StoredEvents.EVENTS);
    }

    public IntegrityReport verifyStream(String aggregateId) {
        return verify(Filters.eq("aggregateIdentifier", aggregateId), false);
    }

    public IntegrityReport verifyAll() {
        return verify(new Document(), true);
    }

    public Progress progress() {
        return progress.get();
    }

    private IntegrityReport verify(Bson filter, boolean track) {
        long total = track ? events.countDocuments(filter) : 0;
        Instant started = Instant.now();
        if (track) {
            progress.set(new Progress(true, 0, total, started, null, null));
        }
        List<IntegrityReport.Problem> problems = new ArrayList<>();
        long documents = 0;
        long groups = 0;
        long accounts = 0;
        long checked = 0;
        StreamCheck stream = null;
        try (MongoCursor<Document> cursor = events.find(filter)
                .sort(Sorts.ascending("aggregateIdentifier", "sequenceNumber")).iterator()) {
            while (cursor.hasNext()) {
                Document event = cursor.next();
                String aggregateId = event.getString("aggregateIdentifier");
                if (stream == null || !stream.id.equals(aggregateId)) {
                    stream = new StreamCheck(aggregateId, event.getString("type"), problems);
                    switch (stream.type == null ? "" : stream.type) {
                        case GROUP_STREAM -> groups++;
                        case ACCOUNT_STREAM -> accounts++;
                        default -> documents++;
                    }
                }
                stream.check(event);
                if (track && ++checked % 1_000 == 0) {
                    progress.set(new Progress(true, checked, total, started, null, null));
                } else if (!track) {
                    checked++;
                }
            }
        }
        if (track) {
            progress.set(new Progress(false, checked, total, started, Instant.now(), problems.size()));
        }
        return new IntegrityReport(problems.isEmpty(), documents, groups, accounts, checked, List.copyOf(problems));
    }

    /** One stream, checked event by event in stored revision order. */
    private final class StreamCheck {
        final String id;
        final String type;
        final List<IntegrityReport.Problem> problems;
        final List<Document> seen = new ArrayList<>();
        long expected = 0;
        String previousHash = HashChain.GENESIS;
        boolean afterReordered;

        StreamCheck(String id, String type, List<IntegrityReport.Problem> problems) {
            this.id = id;
            this.type = type;
            this.problems = problems;
        }


        void check(Document event) {
            long revision = ((Number) event.get("sequenceNumber")).longValue();
            if (revision < expected) {
                report(revision, "duplicate", "a second event claims revision " + revision);
                return;
            }
            boolean gap = revision > expected;
            boolean consequence = afterReordered;
            afterReordered = false;
            if (gap) {
                report(expected, "missing", revision - expected == 1 ? "revision " + expected + " is missing"
                        : "revisions " + expected + " to " + (revision - 1) + " are missing");
            }
            JsonNode meta = json(event.get("serializedMetaData"));
            String hash = text(meta, EventStamp.HASH);
            String claimedPrevious = text(meta, EventStamp.PREVIOUS_HASH);
            if (hash == null || claimedPrevious == null) {
                report(revision, "unchained", "the event carries no hash chain");
            } else if (!hash.equals(recompute(event, meta, revision, claimedPrevious))) {
                Long original = originalRevision(event, meta, hash, claimedPrevious, revision);
                if (original != null) {
                    report(revision, "reordered", "stored at revision " + revision + " but written as revision " + original);
                    afterReordered = true;
                } else {
                    report(revision, "changed", "its content no longer matches its hash");
                }
            } else if (!gap && !consequence && !claimedPrevious.equals(previousHash)) {
                report(revision, "broken-chain", "its previousHash is not the hash of revision " + (revision - 1));
            }
            previousHash = hash == null ? "" : hash;
            expected = revision + 1;
        }

        /** The revision this event was hashed at, if it verifies at another revision of the stream. */
        private Long originalRevision(Document event, JsonNode meta, String hash, String previous, long stored) {
            for (long r = Math.max(0, stored - 1_000); r <= stored + 1_000; r++) {
                if (r != stored && hash.equals(recompute(event, meta, r, previous))) {
                    return r;
                }
            }
            return null;
        }

        private String recompute(Document event, JsonNode meta, long revision, String previous) {
            String payloadType = event.getString("payloadType");
            String simpleName = payloadType == null ? "" : payloadType.substring(payloadType.lastIndexOf('.') + 1);
            return HashChain.hash(simpleName, revision, text(meta, EventStamp.ACTOR), text(meta, EventStamp.TIMESTAMP),
                    json(event.get("serializedPayload")), previous);
        }

        private void report(long revision, String kind, String detail) {
            problems.add(new IntegrityReport.Problem(id, DOCUMENT_STREAM.equals(type) ? id : null,
                    GROUP_STREAM.equals(type) ? id : null, revision, kind, detail));
        }
    }

    private JsonNode json(Object stored) {
        try {
            if (stored instanceof String s) {
                return mapper.readTree(s);
            }
            if (stored instanceof org.bson.types.Binary b) {
                return mapper.readTree(b.getData());
            }
            if (stored instanceof byte[] bytes) {
                return mapper.readTree(bytes);
            }
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode(String.valueOf(stored));
        }
        return mapper.getNodeFactory().nullNode();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
