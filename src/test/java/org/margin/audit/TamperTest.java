package org.margin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.margin.integrity.HashChain;
import org.margin.storage.StoredEvents;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Someone with direct database access edits the events collection behind the application's back;
 * verification must name the document, the revision and what happened.
 */
@TestPropertySource(properties = "margin.test.store=tamper")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TamperTest extends ApiTestBase {

    @Autowired
    MongoDatabase database;

    final ObjectMapper mapper = new ObjectMapper();
    MongoCollection<Document> events;
    ApiClient alice;
    String doc;

    @BeforeEach
    void document() {
        events = database.getCollection(StoredEvents.EVENTS);
        alice = newUser("alice");
        doc = createDocument(alice, createGroup(alice, "tamper"), "tamper-evident 🧭 record");
        for (int i = 0; i < 5; i++) {
            alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(i, i + 3),
                    "body", Map.of("text", "note " + i)));
        }
    }

    JsonNode verify(String documentId) {
        return admin.post("/api/audit/verify" + (documentId == null ? "" : "?documentId=" + documentId), null).json();
    }

    Document stored(long revision) {
        return events.find(Filters.and(Filters.eq("aggregateIdentifier", doc), Filters.eq("sequenceNumber", revision))).first();
    }

    List<String> problems(JsonNode report) {
        List<String> list = new java.util.ArrayList<>();
        report.get("problems").forEach(p -> list.add(p.path("documentId").asText() + "@" + p.get("revision").asLong()
                + ":" + p.get("kind").asText()));
        return list;
    }

    @Test
    @Order(1)
    void anUntouchedStoreVerifies() {
        JsonNode all = verify(null);
        assertThat(all.get("ok").asBoolean()).as(all.toString()).isTrue();
        assertThat(all.get("documentsChecked").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(all.get("groupsChecked").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode one = verify(doc);
        assertThat(one.get("ok").asBoolean()).isTrue();
        assertThat(one.get("eventsChecked").asLong()).isEqualTo(6);
        assertThat(admin.get("/api/audit/verify/progress").json().get("running").asBoolean()).isFalse();
    }

    @Test
    void aNoteRewrittenInTheStoreIsReportedAtItsRevision() {
        Document event = stored(3);
        String payload = event.getString("serializedPayload").replace("note 2", "note 2, quietly rewritten");
        events.updateOne(Filters.eq("_id", event.get("_id")), Updates.set("serializedPayload", payload));
        assertThat(problems(verify(doc))).containsExactly(doc + "@3:changed");
        assertThat(verify(null).get("ok").asBoolean()).isFalse();
    }

    @Test
    void aDeletedEventIsReportedAsAGap() {
        events.deleteOne(Filters.eq("_id", stored(2).get("_id")));
        assertThat(problems(verify(doc))).containsExactly(doc + "@2:missing");
    }

    @Test
    void twoSwappedEventsAreReportedAsReordered() {
        Document two = stored(2);
        Document three = stored(3);
        events.updateOne(Filters.eq("_id", two.get("_id")), Updates.set("sequenceNumber", 99L));
        events.updateOne(Filters.eq("_id", three.get("_id")), Updates.set("sequenceNumber", 2L));
        events.updateOne(Filters.eq("_id", two.get("_id")), Updates.set("sequenceNumber", 3L));
        assertThat(problems(verify(doc))).containsExactly(doc + "@2:reordered", doc + "@3:reordered");
    }

    @Test
    void aForgedEventAppendedWithoutTheRightLinkIsReported() throws Exception {
        Document head = stored(5);
        ObjectNode payload = (ObjectNode) mapper.readTree(head.getString("serializedPayload"));
        payload.put("body", "forged note");
        payload.put("annotationId", UUID.randomUUID().toString());
        ObjectNode meta = (ObjectNode) mapper.readTree(head.getString("serializedMetaData"));
        String forgedPrevious = "f".repeat(64);
        meta.put("previousHash", forgedPrevious);
        meta.put("hash", HashChain.hash("AnnotationAdded", 6, meta.get("actor").asText(), meta.get("timestamp").asText(),
                payload, forgedPrevious));
        Document forged = new Document(head);
        forged.put("_id", Long.MAX_VALUE - 1);
        forged.put(StoredEvents.STREAM, StoredEvents.streamKey(doc, 6));
        forged.put("sequenceNumber", 6L);
        forged.put("eventIdentifier", UUID.randomUUID().toString());
        forged.put("serializedPayload", mapper.writeValueAsString(payload));
        forged.put("serializedMetaData", mapper.writeValueAsString(meta));
        events.insertOne(forged);
        assertThat(problems(verify(doc))).containsExactly(doc + "@6:broken-chain");

        Document crude = new Document(forged);
        crude.put("_id", Long.MAX_VALUE);
        crude.put(StoredEvents.STREAM, StoredEvents.streamKey(doc, 7));
        crude.put("sequenceNumber", 7L);
        crude.put("eventIdentifier", UUID.randomUUID().toString());
        crude.put("serializedPayload", head.getString("serializedPayload").replace("note 4", "note 4 again"));
        events.insertOne(crude);
        assertThat(problems(verify(doc))).containsExactly(doc + "@6:broken-chain", doc + "@7:changed");
    }

    @Test
    void onlyAuditorsOfTheGroupAndAdminsMayVerify() {
        ApiClient auditor = newUser("auditor");
        ApiClient reviewer = newUser("reviewer");
        String group = alice.get("/api/me").json().get("groups").get(0).get("id").asText();
        alice.put("/api/groups/" + group + "/members/" + auditor.get("/api/me").json().get("username").asText(),
                Map.of("role", "AUDITOR"));
        alice.put("/api/groups/" + group + "/members/" + reviewer.get("/api/me").json().get("username").asText(),
                Map.of("role", "REVIEWER"));
        assertThat(auditor.post("/api/audit/verify?documentId=" + doc, null).json().get("ok").asBoolean()).isTrue();
        assertThat(reviewer.post("/api/audit/verify?documentId=" + doc, null).status()).isEqualTo(403);
        assertThat(alice.post("/api/audit/verify?documentId=" + doc, null).status()).isEqualTo(403);
        assertThat(newUser("outsider").post("/api/audit/verify?documentId=" + doc, null).status()).isEqualTo(404);
        assertThat(auditor.post("/api/audit/verify", null).status()).isEqualTo(403);
        assertThat(auditor.get("/api/audit/verify/progress").status()).isEqualTo(403);
    }
}
