package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.margin.storage.StoredEvents;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** Stored events read straight from their text are the events Axon's own path gives, of every kind. */
class StoredEventReaderTest extends ApiTestBase {

    @Autowired
    MongoDatabase database;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;

    @Test
    void everyKindOfEventReadsAsAxonReadsIt() {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "g"), "政策研究 📌 research policy text");
        String notes = "/api/documents/" + doc + "/annotations";
        String id = alice.post(notes, Map.of("target", position(0, 4), "body", Map.of("text", "注释 👩🏽‍🔬"),
                "tags", List.of("t"))).json().get("annotationId").asText();
        String note = notes + "/" + id;
        alice.patch(note, Map.of("body", Map.of("text", "edited 改")));
        alice.patch(note, Map.of("addTags", List.of("政策")));
        alice.post(note + "/replies", Map.of("text", "我同意 🧭"));
        String source = alice.post(note + "/sources", Map.of("doi", "doi:10.1000/182", "title", "Handbook"))
                .json().get("sourceId").asText();
        alice.post(note + "/resolve", Map.of());
        alice.delete(note + "/sources/" + source);
        alice.post(note + "/reopen", null);
        alice.delete(note);

        List<Document> stored = database.getCollection(StoredEvents.EVENTS).find(Filters.eq("aggregateIdentifier", doc))
                .sort(Sorts.ascending("sequenceNumber")).into(new ArrayList<>());
        List<RecordedEvent> direct = new StoredEventReader(serializer).read(stored);

        assertThat(direct).isEqualTo(viaAxon(stored));
        assertThat(direct).extracting(RecordedEvent::type).containsExactly("DocumentRegistered", "AnnotationAdded",
                "AnnotationEdited", "AnnotationTagsChanged", "ReplyAdded", "SourceLinked", "AnnotationResolved",
                "SourceUnlinked", "AnnotationReopened", "AnnotationDeleted");
        assertThat(direct).allSatisfy(e -> assertThat(e.actor()).startsWith("alice"))
                .allSatisfy(e -> assertThat(e.hash()).isNotBlank());
    }

    @Test
    void anEventWhoseTextIsDamagedFailsNamingItsPosition() {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "g"), "text");
        Document stored = database.getCollection(StoredEvents.EVENTS).find(Filters.eq("aggregateIdentifier", doc)).first();
        stored.put("serializedPayload", "{\"documentId\": ");

        assertThatThrownBy(() -> new StoredEventReader(serializer).read(List.of(stored)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("position " + StoredEvents.position(stored));
    }

    private List<RecordedEvent> viaAxon(List<Document> stored) {
        return EventStreamUtils.upcastAndDeserializeDomainEvents(stored.stream().map(StoredEvents::entry), serializer,
                NoOpEventUpcaster.INSTANCE).asStream().map(RecordedEvent::from).toList();
    }
}
