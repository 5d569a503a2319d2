package org.margin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.bson.Document;
import org.margin.storage.StoredEvents;

/** The rebuild baseline: the raw driver reading the app's whole events collection, printed as documents/s. */
final class RawScan {

    private RawScan() {
    }

    /** Prints a finished rebuild's figures: stored events per second of the whole rebuild, all passes included. */
    static void printRebuild(JsonNode status, int mongoPort) {
        long stored;
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
            stored = client.getDatabase("margin").getCollection(StoredEvents.EVENTS).countDocuments();
        }
        double seconds = Duration.between(Instant.parse(status.get("startedAt").asText()),
                Instant.parse(status.get("finishedAt").asText())).toMillis() / 1000.0;
        System.out.printf(Locale.ROOT, "rebuild: %d stored events in %.1f s = %.0f events/s (%d pass(es), %d events read)%s%n",
                stored, seconds, stored / seconds, status.get("passes").asInt(), status.get("eventsDone").asLong(),
                status.hasNonNull("failure") ? " FAILED: " + status.get("failure").asText() : "");
        JsonNode spent = status.path("secondsSpent");   // builds before it was reported print zeros
        System.out.printf(Locale.ROOT, "  seconds spent clearing %.2f, reading %.2f, deserialising %.2f, folding %.2f, writing the views %.2f%n",
                spent.path("clearing").asDouble(), spent.path("reading").asDouble(), spent.path("deserializing").asDouble(),
                spent.path("folding").asDouble(), spent.path("writing").asDouble());
    }

    static void print(int mongoPort) {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
            long t0 = System.nanoTime();
            long n = 0;
            for (Document ignored : client.getDatabase("margin").getCollection(StoredEvents.EVENTS).find().batchSize(1000)) {
                n++;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "raw driver full scan of the events collection: %d documents at %.0f docs/s%n",
                    n, n / seconds);
        }
    }
}
