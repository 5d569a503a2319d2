package org.margin.document.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;

/** Every document and annotation endpoint, end to end, on the real store. */
class DocumentApiTest extends ApiTestBase {

    /** "🧭" and "📎" are astral: each is 1 code point and 2 UTF-16 units. */
    static final String CONTENT = "人工智能治理 🧭 需要透明。Research groups 📎 annotate together.";

    ApiClient alice;
    String groupId;
    String documentId;

    static long cp(String needle) {
        return CONTENT.codePointCount(0, CONTENT.indexOf(needle));
    }

    @BeforeEach
    void document() {
        alice = newUser("alice");
        groupId = createGroup(alice, "Policy readers");
        documentId = createDocument(alice, groupId, CONTENT);
    }

    String annotations() {
        return "/api/documents/" + documentId + "/annotations";
    }

    String addNote(String exact) {
        long start = cp(exact);
        long end = start + exact.codePointCount(0, exact.length());
        var r = alice.post(annotations(), Map.of("target", position(start, end), "body", Map.of("text", "note on " + exact),
                "tags", List.of("t")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("annotationId").asText();
    }

    @Test
    void theCreatorSeesTheNewDocumentAndItsGroupAtOnce() {
        var me = alice.get("/api/me").json();
        assertThat(me.get("groups")).singleElement().satisfies(g -> {
            assertThat(g.get("id").asText()).isEqualTo(groupId);
            assertThat(g.get("role").asText()).isEqualTo("OWNER");
        });
        var doc = alice.get("/api/documents/" + documentId);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("content").asText()).isEqualTo(CONTENT);
        assertThat(doc.json().get("groupId").asText()).isEqualTo(groupId);
        assertThat(doc.json().get("format").asText()).isEqualTo("text");
        var list = alice.get("/api/documents?groupId=" + groupId).json();
        assertThat(list).singleElement().satisfies(d -> {
            assertThat(d.get("id").asText()).isEqualTo(documentId);
            assertThat(d.has("content")).isFalse();
            assertThat(d.get("annotationCount").asInt()).isZero();
        });
    }

    @Test
    void aNoteOnChineseTextAfterAnEmojiIsAnchoredByCodePoints() {
        long start = cp("需要透明");
        var r = alice.post(annotations(), Map.of("target", position(start, start + 4), "body", Map.of("text", "关键 👍")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("revision").asLong()).isEqualTo(1);
        JsonNode a = viewAt(alice, documentId, 1).get("annotations").get(0);
        JsonNode quote = a.get("target").get("selector").get(0);
        assertThat(quote.get("type").asText()).isEqualTo("TextQuoteSelector");
        assertThat(quote.get("exact").asText()).isEqualTo("需要透明");
        assertThat(quote.get("prefix").asText()).isEqualTo("人工智能治理 🧭 ");
        assertThat(a.get("target").get("selector").get(1).get("start").asLong()).isEqualTo(9);
        assertThat(a.get("body").get("text").asText()).isEqualTo("关键 👍");
        assertThat(a.get("author").asText()).isEqualTo(alice.get("/api/me").json().get("username").asText());
        assertThat(a.get("status").asText()).isEqualTo("open");
    }

    @Test
    void utf16OffsetsAreRejectedWhereTheyDifferFromCodePoints() {
        int utf16 = CONTENT.indexOf("Research");
        long before = eventCount(documentId);
        var r = alice.post(annotations(), Map.of("target", Map.of("selector", List.of(
                Map.of("type", "TextQuoteSelector", "exact", "Research"),
                Map.of("type", "TextPositionSelector", "start", utf16, "end", utf16 + 8)))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.json().get("detail").asText()).contains("UTF-16");
        assertThat(r.json().get("errors").has("target")).isTrue();
        assertThat(eventCount(documentId)).isEqualTo(before);
    }

    @Test
    void aFullLifecycleOfANoteIsReflectedInTheView() {
        String id = addNote("Research groups");
        String note = annotations() + "/" + id;
        assertThat(alice.patch(note, Map.of("body", Map.of("text", "edited"), "expectedRevision", 1)).json()
                .get("revision").asLong()).isEqualTo(2);
        assertThat(alice.patch(note, Map.of("addTags", List.of("政策")))
                .json().get("revision").asLong()).isEqualTo(3);
        var reply = alice.post(note + "/replies", Map.of("text", "我同意"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("replyId").asText()).isNotBlank();
        var source = alice.post(note + "/sources", Map.of("doi", "doi:10.1000/182", "title", "DOI Handbook"));
        assertThat(source.status()).isEqualTo(201);
        String sourceId = source.json().get("sourceId").asText();
        var url = alice.post(note + "/sources", Map.of("url", "https://example.org/a", "citation", "Example 2024"));
        assertThat(url.json().get("revision").asLong()).isEqualTo(6);
        assertThat(alice.post(note + "/resolve", Map.of()).json().get("revision").asLong()).isEqualTo(7);

        JsonNode a = viewAt(alice, documentId, 7).get("annotations").get(0);
        assertThat(a.get("body").get("text").asText()).isEqualTo("edited");
        assertThat(a.get("tags")).extracting(JsonNode::asText).containsExactly("t", "政策");
        assertThat(a.get("replies").get(0).get("text").asText()).isEqualTo("我同意");
        assertThat(a.get("sources")).hasSize(2);
        assertThat(a.get("sources").get(0).get("doi").asText()).isEqualTo("10.1000/182");
        assertThat(a.get("status").asText()).isEqualTo("resolved");

        assertThat(alice.delete(note + "/sources/" + sourceId).json().get("revision").asLong()).isEqualTo(8);
        assertThat(alice.post(note + "/reopen", null).json().get("revision").asLong()).isEqualTo(9);
        a = viewAt(alice, documentId, 9).get("annotations").get(0);
        assertThat(a.get("sources")).singleElement().satisfies(s -> assertThat(s.get("url").asText()).isEqualTo("https://example.org/a"));
        assertThat(a.get("status").asText()).isEqualTo("open");

        assertThat(alice.delete(note + "?expectedRevision=9").json().get("revision").asLong()).isEqualTo(10);
        assertThat(viewAt(alice, documentId, 10).get("annotations")).isEmpty();
        assertThat(alice.get("/api/documents?groupId=" + groupId).json().get(0).get("revision").asLong()).isEqualTo(10);
    }

    @Test
    void asOfShowsTheViewAtEveryRevisionAndRejectsBadRevisions() {
        String id = addNote("Research groups");
        alice.patch(annotations() + "/" + id, Map.of("body", Map.of("text", "second")));
        addNote("需要透明");
        viewAt(alice, documentId, 3);

        assertThat(alice.get(annotations() + "?asOf=0").json().get("annotations")).isEmpty();
        JsonNode at1 = alice.get(annotations() + "?asOf=1").json();
        assertThat(at1.get("revision").asLong()).isEqualTo(1);
        assertThat(at1.get("annotations").get(0).get("body").get("text").asText()).isEqualTo("note on Research groups");
        JsonNode at2 = alice.get(annotations() + "?asOf=2").json();
        assertThat(at2.get("annotations")).hasSize(1);
        assertThat(at2.get("annotations").get(0).get("body").get("text").asText()).isEqualTo("second");
        assertThat(alice.get(annotations() + "?asOf=3").json()).isEqualTo(alice.get(annotations()).json());

        for (String bad : List.of("4", "-1", "abc", "1.5")) {
            var r = alice.get(annotations() + "?asOf=" + bad);
            assertThat(r.status()).as("asOf=" + bad).isEqualTo(400);
            assertThat(r.isProblem()).isTrue();
        }
    }

    @Test
    void asOfTimePicksTheLastEventAtOrBeforeTheInstant() {
        addNote("Research groups");
        addNote("需要透明");
        List<JsonNode> events = new ArrayList<>();
        alice.get("/api/documents/" + documentId + "/events").json().forEach(events::add);
        String atSecond = events.get(1).get("timestamp").asText();
        JsonNode view = alice.get(annotations() + "?asOfTime=" + atSecond).json();
        assertThat(view.get("revision").asLong()).isEqualTo(1);
        assertThat(view.get("annotations")).hasSize(1);
        assertThat(alice.get(annotations() + "?asOfTime=2000-01-01T00:00:00Z").json().get("annotations")).isEmpty();
        assertThat(alice.get(annotations() + "?asOfTime=yesterday").status()).isEqualTo(400);
    }

    @Test
    void eventsComeInRevisionOrderWithAnUnbrokenHashChain() {
        String id = addNote("Research groups");
        alice.post(annotations() + "/" + id + "/replies", Map.of("text", "r"));
        addNote("需要透明");
        JsonNode events = alice.get("/api/documents/" + documentId + "/events").json();
        assertThat(events).hasSize(4);
        String previous = "0".repeat(64);
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertThat(e.get("revision").asLong()).isEqualTo(i);
            assertThat(e.get("previousHash").asText()).isEqualTo(previous);
            assertThat(e.get("actor").asText()).startsWith("alice-");
            previous = e.get("hash").asText();
        }
        assertThat(events.get(0).get("type").asText()).isEqualTo("DocumentRegistered");
        assertThat(events.get(2).get("type").asText()).isEqualTo("ReplyAdded");
        assertThat(events.get(2).get("annotationId").asText()).isEqualTo(id);
        assertThat(events.get(2).get("payload").get("text").asText()).isEqualTo("r");

        JsonNode page = alice.get("/api/documents/" + documentId + "/events?after=1&limit=2").json();
        assertThat(page).extracting(e -> e.get("revision").asLong()).containsExactly(2L, 3L);
        assertThat(alice.get("/api/documents/" + documentId + "/events?after=3").json()).isEmpty();
        assertThat(alice.get("/api/documents/" + documentId + "/events?limit=0").status()).isEqualTo(400);
        assertThat(alice.get("/api/documents/" + documentId + "/events?after=-5").status()).isEqualTo(400);
    }

    @Test
    void anAnnotationsHistoryListsOnlyItsOwnEvents() {
        String first = addNote("Research groups");
        String second = addNote("需要透明");
        alice.patch(annotations() + "/" + first, Map.of("body", Map.of("text", "v2")));
        alice.post(annotations() + "/" + second + "/resolve", null);
        JsonNode history = alice.get(annotations() + "/" + first + "/history").json();
        assertThat(history).extracting(e -> e.get("type").asText()).containsExactly("AnnotationAdded", "AnnotationEdited");
        assertThat(history).allSatisfy(e -> assertThat(e.get("annotationId").asText()).isEqualTo(first));
        assertThat(alice.get(annotations() + "/unknown/history").status()).isEqualTo(404);
    }

    @Test
    void aStaleExpectedRevisionOnTheSameNoteIsAConflictWithTheCurrentRevision() {
        String id = addNote("Research groups");
        alice.patch(annotations() + "/" + id, Map.of("body", Map.of("text", "bob's version"), "expectedRevision", 1));
        long before = eventCount(documentId);
        var r = alice.patch(annotations() + "/" + id, Map.of("body", Map.of("text", "alice's version"), "expectedRevision", 1));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.json().get("currentRevision").asLong()).isEqualTo(2);
        assertThat(eventCount(documentId)).isEqualTo(before);
        assertThat(viewAt(alice, documentId, 2).get("annotations").get(0).get("body").get("text").asText())
                .isEqualTo("bob's version");
        assertThat(alice.delete(annotations() + "/" + id + "?expectedRevision=1").status()).isEqualTo(409);
    }

    @Test
    void independentChangesWithAnOldExpectedRevisionBothSucceed() {
        String a = addNote("Research groups");
        String b = addNote("需要透明");
        assertThat(alice.patch(annotations() + "/" + a, Map.of("body", Map.of("text", "x"), "expectedRevision", 2)).status()).isEqualTo(200);
        assertThat(alice.patch(annotations() + "/" + b, Map.of("body", Map.of("text", "y"), "expectedRevision", 2)).status()).isEqualTo(200);
        assertThat(alice.patch(annotations() + "/" + a, Map.of("addTags", List.of("z"), "expectedRevision", 2)).status()).isEqualTo(200);
        assertThat(alice.post(annotations() + "/" + a + "/replies", Map.of("text", "ok", "expectedRevision", 2)).status()).isEqualTo(201);
    }

    @Test
    void badInputGetsAClearProblemAndWritesNothing() {
        String id = addNote("Research groups");
        long before = eventCount(documentId);
        String note = annotations() + "/" + id;

        var malformed = alice.postRaw(annotations(), "application/json", "{\"target\": ".getBytes());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.isProblem()).isTrue();
        assertThat(malformed.text()).doesNotContain("Exception").doesNotContain("at org.");

        var wrongType = alice.postRaw(annotations(), "text/plain", "hello".getBytes());
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.isProblem()).isTrue();

        var mismatch = alice.post(annotations(), Map.of("target", Map.of("selector", List.of(
                Map.of("type", "TextQuoteSelector", "exact", "not in the text"),
                Map.of("type", "TextPositionSelector", "start", 0, "end", 3)))));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().get("errors").get("target").asText()).contains("exact");

        var badSelectorType = alice.post(annotations(), Map.of("target", Map.of("selector", List.of(
                Map.of("type", "XPathSelector", "value", "/p[1]")))));
        assertThat(badSelectorType.status()).isEqualTo(400);

        var badFormat = alice.post("/api/documents", Map.of("groupId", groupId, "title", "t", "format", "pdf", "content", "x"));
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.json().get("detail").asText()).contains("format");

        List<String> tooManyTags = new ArrayList<>();
        for (int i = 0; i <= 50; i++) {
            tooManyTags.add("tag" + i);
        }
        assertThat(alice.patch(note, Map.of("tags", tooManyTags)).status()).isEqualTo(400);
        var longNote = alice.patch(note, Map.of("body", Map.of("text", "字".repeat(20_001))));
        assertThat(longNote.status()).isEqualTo(413);
        assertThat(longNote.isProblem()).isTrue();
        assertThat(alice.post(note + "/sources", Map.of("title", "no link")).status()).isEqualTo(400);
        assertThat(alice.post(note + "/sources", Map.of("url", "ftp://example.org")).status()).isEqualTo(400);
        assertThat(alice.post(note + "/replies", Map.of("text", " ")).status()).isEqualTo(400);

        assertThat(alice.patch(annotations() + "/no-such-note", Map.of("body", Map.of("text", "x"))).status()).isEqualTo(404);
        assertThat(alice.delete(note + "/sources/no-such-source").status()).isEqualTo(404);
        var unknownDoc = alice.post("/api/documents/no-such-doc/annotations", Map.of("target", position(0, 1)));
        assertThat(unknownDoc.status()).isEqualTo(404);
        assertThat(unknownDoc.isProblem()).isTrue();
        assertThat(alice.get("/api/documents/no-such-doc").status()).isEqualTo(404);

        assertThat(eventCount(documentId)).isEqualTo(before);
    }

    @Test
    void oversizedDocumentsAndBodiesAre413() {
        String justOver = "字".repeat(5 * 1024 * 1024 / 3 + 1);
        var big = alice.post("/api/documents", Map.of("groupId", groupId, "title", "big", "format", "text", "content", justOver));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.isProblem()).isTrue();
        var huge = alice.postRaw("/api/documents", "application/json", new byte[13 * 1024 * 1024]);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.isProblem()).isTrue();
        assertThat(alice.get("/api/documents?groupId=" + groupId).json()).hasSize(1);
    }

    @Test
    void outsidersSeeNothingAndAnonymousCallersMustLogIn() {
        ApiClient mallory = newUser("mallory");
        assertThat(mallory.get("/api/documents/" + documentId).status()).isEqualTo(404);
        assertThat(mallory.get(annotations()).status()).isEqualTo(404);
        assertThat(mallory.get("/api/documents?groupId=" + groupId).status()).isEqualTo(404);
        assertThat(mallory.get("/api/documents/" + documentId + "/events").status()).isEqualTo(404);
        var write = mallory.post(annotations(), Map.of("target", position(0, 2)));
        assertThat(write.status()).isEqualTo(404);
        assertThat(mallory.post("/api/documents", Map.of("groupId", groupId, "title", "x", "format", "text", "content", "x"))
                .status()).isEqualTo(404);
        assertThat(eventCount(documentId)).isEqualTo(1);

        var anonymous = alice.anonymous().get(annotations());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.isProblem()).isTrue();
        assertThat(alice.as("nobody", "wrong-password").get("/api/me").status()).isEqualTo(401);
        assertThat(alice.post("/api/users", Map.of("username", "eve", "password", "12345678")).status()).isEqualTo(403);
    }

    @Test
    void adminsCreateUsersWithCheckedNamesAndPasswords() {
        assertThat(admin.post("/api/users", Map.of("username", "Bad Name", "password", "long-enough")).status()).isEqualTo(400);
        assertThat(admin.post("/api/users", Map.of("username", "short-pw", "password", "123")).status()).isEqualTo(400);
        var me = admin.get("/api/me").json();
        assertThat(me.get("roles")).extracting(JsonNode::asText).contains("ADMIN");
        assertThat(admin.post("/api/users", Map.of("username", "admin", "password", "long-enough")).status()).isEqualTo(400);
        var created = admin.post("/api/users", Map.of("username", "zhang.wei", "password", "long-enough", "displayName", "张伟"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).doesNotContain("long-enough");
        assertThat(admin.as("zhang.wei", "long-enough").get("/api/me").json().get("displayName").asText()).isEqualTo("张伟");
    }
}
