package org.margin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit projection records a processor's batch of events at once, and every stored event still gets
 * exactly its own record: with its document's group, also when the batch leaves revisions out.
 */
class AuditBatchTest extends ApiTestBase {

    @Autowired
    AuditProjection projection;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    MongoDatabase database;

    @Test
    void theProcessorRecordsABacklogBatchByBatch() throws Exception {
        TrackingEventProcessor processor = processing.eventProcessor("audit", TrackingEventProcessor.class).orElseThrow();
        ApiClient carol = newUser("carol");
        String group = createGroup(carol, "backlog");
        await().atMost(Duration.ofSeconds(10)).until(() -> records("groupId", group).size() == 1);   // created
        processor.shutdownAsync().get(10, TimeUnit.SECONDS);
        List<String> docs = new ArrayList<>();
        try {
            for (int d = 0; d < 3; d++) {
                String doc = createDocument(carol, group, "审计积压 " + d + " 🧭");
                docs.add(doc);
                for (int i = 0; i < 40; i++) {
                    carol.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 2),
                            "body", Map.of("text", "第" + i + "条 ✍")));
                }
            }
            assertThat(records("groupId", group)).hasSize(1);
        } finally {
            processor.start();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> records("groupId", group).size() == 1 + 3 * 41);
        for (String doc : docs) {
            assertRecordedAsStored(doc, 41, group);
        }
    }

    @Test
    void revisionsABatchLeavesOutAreReadFromTheStore() {
        ApiClient dave = newUser("dave");
        String group = createGroup(dave, "gaps");
        String doc = createDocument(dave, group, "缺口 gaps 📌");
        for (int i = 0; i < 7; i++) {
            dave.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 2)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> records("documentId", doc).size() == 8);
        // as if revisions 2 to 7 were not recorded yet, and the processor's batch skipped 2 to 4 and 6 (stored late)
        auditLog().deleteMany(Filters.in("_id", List.of(doc + "/2", doc + "/3", doc + "/4", doc + "/5",
                doc + "/6", doc + "/7")));

        projection.recordAll(List.of(event(doc, 5), event(doc, 7)));

        assertRecordedAsStored(doc, 8, group);
    }

    private void assertRecordedAsStored(String doc, int events, String group) {
        List<Document> records = records("documentId", doc);
        List<? extends DomainEventMessage<?>> stored = eventStore.readEvents(doc, 0).asStream().toList();
        assertThat(stored).hasSize(events);
        assertThat(records).extracting(r -> ((Number) r.get("revision")).longValue())
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, events).boxed().toList());
        for (Document r : records) {
            DomainEventMessage<?> e = stored.get(((Number) r.get("revision")).intValue());
            assertThat(r.getString("type")).isEqualTo(e.getPayloadType().getSimpleName());
            assertThat(r.getString("groupId")).isEqualTo(group);
            assertThat(r.getString("summary")).isNotBlank();
        }
    }

    private DomainEventMessage<?> event(String doc, long revision) {
        return eventStore.readEvents(doc, revision).next();
    }

    private List<Document> records(String field, String value) {
        return auditLog().find(Filters.eq(field, value)).into(new ArrayList<>());
    }

    private MongoCollection<Document> auditLog() {
        return database.getCollection("audit_log");
    }
}
