package org.margin.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.Locale;
import org.bson.Document;
import org.margin.storage.StoredEvents;

/** The rebuild baseline: the raw driver reading the app's whole events collection, printed as documents/s. */
final class RawScan {

    private RawScan() {
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
