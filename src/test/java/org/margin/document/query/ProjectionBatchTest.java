package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.Replica;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The projection applies a processor's batch of events at once. However a document's events are split
 * into batches and interleaved with another document's, from empty views or from records written
 * ahead of their headers (a crash between the two), the views come out as the live ones.
 */
class ProjectionBatchTest extends ApiTestBase {

    @Autowired
    DocumentProjection projection;
    @Autowired
    DocumentViews views;
    @Autowired
    DocumentCatalog catalog;
    @Autowired
    EventStore eventStore;
    @Autowired
    MongoDatabase database;
    @Autowired
    EventProcessingConfiguration processing;

    private final List<String> docs = new ArrayList<>();
    private final List<DocumentView> live = new ArrayList<>();

    @BeforeEach
    void twoDocumentsWithEveryKindOfChange() {
        ApiClient alice = newUser("alice");
        String group = createGroup(alice, "g");
        for (String text : List.of("第一份文件 🧭 first", "second 📌 第二")) {
            String doc = createDocument(alice, group, text);
            String base = "/api/documents/" + doc + "/annotations";
            String kept = alice.post(base, Map.of("target", position(0, 3), "body", Map.of("text", "注 📌"),
                    "tags", List.of("a"))).json().get("annotationId").asText();
            String gone = alice.post(base, Map.of("target", position(1, 2))).json().get("annotationId").asText();
            alice.post(base + "/" + kept + "/replies", Map.of("text", "回复"));
            alice.patch(base + "/" + kept, Map.of("addTags", List.of("b"), "removeTags", List.of("a")));
            alice.post(base + "/" + gone + "/replies", Map.of("text", "soon gone"));
            String source = alice.post(base + "/" + kept + "/sources", Map.of("type", "url",
                    "url", "https://example.org/a")).json().get("sourceId").asText();
            alice.delete(base + "/" + gone);
            alice.post(base + "/" + kept + "/resolve", null);
            alice.delete(base + "/" + kept + "/sources/" + source);
            String late = alice.post(base, Map.of("target", position(2, 4))).json().get("annotationId").asText();
            long head = alice.patch(base + "/" + late, Map.of("body", Map.of("text", "edited ✍")))
                    .json().get("revision").asLong();
            docs.add(doc);
            live.add(Replica.toView(viewAt(alice, doc, head)));
        }
        assertThat(live).allSatisfy(v -> assertThat(v.annotations()).hasSize(2));
    }

    @Test
    void anySplitIntoBatchesFromEmptyViewsGivesTheLiveViews() {
        for (int size : List.of(1, 2, 3, 7, 100)) {
            emptyViews();
            replay(size, 0);
            assertViewsAreLive();
        }
    }

    @Test
    void anySplitIntoBatchesOverRecordsAheadOfTheirHeadersGivesTheLiveViews() {
        Random random = new Random(8);
        for (int size : List.of(1, 2, 5, 100)) {
            // as if the process died after writing a batch's records, before its headers
            long behind = random.nextInt(5);
            docs.forEach(d -> views.saveHeader(d, behind, DocumentReducer.fold(d, eventStore.readEvents(d, 0)
                    .asStream().map(RecordedEvent::from).filter(e -> e.revision() <= behind).toList())
                    .annotations().size()));
            replay(size, 0);
            assertViewsAreLive();
        }
    }

    @Test
    void aRevisionMissingFromABatchIsReadFromTheStore() {
        emptyViews();
        replay(100, 4);   // the fourth revision of each document never reaches the projection
        assertViewsAreLive();
    }

    /**
     * The processor itself, over a backlog: it takes the events as batches of up to its batch size, and each
     * batch is applied by its last event, before the processor stores its position.
     */
    @Test
    void theProcessorAppliesABacklogBatchByBatch() throws Exception {
        TrackingEventProcessor processor = processing.eventProcessor(DocumentProjection.GROUP,
                TrackingEventProcessor.class).orElseThrow();
        ApiClient bob = newUser("bob");
        String doc = createDocument(bob, createGroup(bob, "g"), "积压 backlog ⏳");
        viewAt(bob, doc, 0);
        processor.shutdownAsync().get(10, TimeUnit.SECONDS);
        long head;
        try {
            String base = "/api/documents/" + doc + "/annotations";
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(bob.post(base, Map.of("target", position(i % 5, i % 5 + 1), "tags", List.of("t" + i)))
                        .json().get("annotationId").asText());
            }
            for (int i = 0; i < 120; i++) {
                bob.post(base + "/" + ids.get(i % ids.size()) + "/replies", Map.of("text", "第" + i + "条"));
            }
            for (int i = 0; i < 40; i += 3) {
                bob.delete(base + "/" + ids.get(i));
            }
            head = bob.patch(base + "/" + ids.get(1), Map.of("addTags", List.of("last"))).json().get("revision").asLong();
            assertThat(views.revision(doc)).isZero();
        } finally {
            processor.start();
        }
        DocumentView expected = DocumentReducer.fold(doc, eventStore.readEvents(doc, 0).asStream()
                .map(RecordedEvent::from).toList());
        assertThat(expected.revision()).isEqualTo(head);
        assertThat(Replica.toView(viewAt(bob, doc, head))).isEqualTo(expected);
        assertThat(views.count(doc)).isEqualTo(expected.annotations().size()).isEqualTo(26);
        assertThat(catalog.find(doc).orElseThrow().annotationCount()).isEqualTo(26);
    }

    /** Feeds both documents' events, interleaved, in batches of {@code size}, leaving out revision {@code skip}. */
    private void replay(int size, long skip) {
        List<List<RecordedEvent>> perDocument = docs.stream().map(d -> eventStore.readEvents(d, 0).asStream()
                .map(RecordedEvent::from).filter(e -> e.revision() != skip).toList()).toList();
        List<RecordedEvent> all = new ArrayList<>();
        int longest = perDocument.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<RecordedEvent> events : perDocument) {
                if (i < events.size()) {
                    all.add(events.get(i));
                }
            }
        }
        for (int from = 0; from < all.size(); from += size) {
            projection.apply(all.subList(from, Math.min(all.size(), from + size)));
        }
    }

    private void emptyViews() {
        database.getCollection("annotation_views").deleteMany(Filters.in("documentId", docs));
        database.getCollection("document_views").deleteMany(Filters.in("_id", docs));
    }

    private void assertViewsAreLive() {
        for (int i = 0; i < docs.size(); i++) {
            DocumentView expected = live.get(i);
            assertThat(views.find(docs.get(i)).orElseThrow()).isEqualTo(expected);
            assertThat(views.count(docs.get(i))).isEqualTo(expected.annotations().size());
            assertThat(catalog.find(docs.get(i)).orElseThrow().annotationCount()).isEqualTo(expected.annotations().size());
        }
    }
}
