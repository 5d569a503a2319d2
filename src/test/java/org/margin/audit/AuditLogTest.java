package org.margin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;

/** The audit log's records, filters, paging, exports and who may read them. */
class AuditLogTest extends ApiTestBase {

    final ObjectMapper mapper = new ObjectMapper();
    ApiClient owner;
    ApiClient writer;
    ApiClient auditor;
    String ownerName;
    String writerName;
    String auditorName;
    String group;
    String doc;

    @BeforeEach
    void history() {
        owner = newUser("owner");
        writer = newUser("writer");
        auditor = newUser("auditor");
        ownerName = owner.get("/api/me").json().get("username").asText();
        writerName = writer.get("/api/me").json().get("username").asText();
        auditorName = auditor.get("/api/me").json().get("username").asText();
        group = createGroup(owner, "audited");
        owner.put("/api/groups/" + group + "/members/" + writerName, Map.of("role", "ANNOTATOR"));
        owner.put("/api/groups/" + group + "/members/" + auditorName, Map.of("role", "AUDITOR"));
        doc = createDocument(owner, group, "审计 🧭 trail, with \"quotes\", commas and\nnew lines");
        String note = writer.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 2),
                "body", Map.of("text", "x"))).json().get("annotationId").asText();
        writer.post("/api/documents/" + doc + "/annotations/" + note + "/replies", Map.of("text", "中文回复, \"quoted\" 🧭"));
        owner.post("/api/documents/" + doc + "/annotations/" + note + "/resolve", null);
        // group: created + 2 roles; document: registered + added + reply + resolved
        await().atMost(Duration.ofSeconds(10)).until(() -> total("groupId=" + group) == 7);
    }

    long total(String filter) {
        return admin.get("/api/audit?" + filter).json().path("total").asLong(-1);
    }

    List<JsonNode> items(ApiClient client, String filter) {
        List<JsonNode> items = new ArrayList<>();
        client.get("/api/audit?size=500&" + filter).json().get("items").forEach(items::add);
        return items;
    }

    @Test
    void everyEventOfTheGroupIsRecordedNewestFirstWithASummary() {
        List<JsonNode> items = items(admin, "groupId=" + group);
        assertThat(items).extracting(i -> i.get("type").asText()).containsExactlyInAnyOrder("GroupCreated",
                "MemberRoleSet", "MemberRoleSet", "DocumentRegistered", "AnnotationAdded", "ReplyAdded",
                "AnnotationResolved");
        List<Instant> times = items.stream().map(i -> Instant.parse(i.get("timestamp").asText())).toList();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(items).allSatisfy(i -> assertThat(i.get("groupId").asText()).isEqualTo(group));
        JsonNode reply = items.stream().filter(i -> i.get("type").asText().equals("ReplyAdded")).findFirst().orElseThrow();
        assertThat(reply.get("summary").asText()).startsWith(writerName + " replied to note").contains("中文回复");
        assertThat(reply.get("documentId").asText()).isEqualTo(doc);
        assertThat(reply.get("revision").asLong()).isEqualTo(2);
        JsonNode role = items.stream().filter(i -> i.get("summary").asText().contains(auditorName)).findFirst().orElseThrow();
        assertThat(role.get("summary").asText()).isEqualTo(ownerName + " added " + auditorName + " as AUDITOR");
    }

    @Test
    void everyFilterNarrowsTheLog() {
        assertThat(total("documentId=" + doc)).isEqualTo(4);
        assertThat(total("groupId=" + group + "&actor=" + writerName)).isEqualTo(2);
        assertThat(total("groupId=" + group + "&type=MemberRoleSet")).isEqualTo(2);
        assertThat(total("documentId=" + doc + "&actor=" + ownerName + "&type=AnnotationResolved")).isEqualTo(1);
        List<JsonNode> all = items(admin, "groupId=" + group);
        Instant oldest = Instant.parse(all.get(all.size() - 1).get("timestamp").asText());
        Instant newest = Instant.parse(all.get(0).get("timestamp").asText());
        assertThat(total("groupId=" + group + "&from=" + newest)).isEqualTo(
                all.stream().filter(i -> Instant.parse(i.get("timestamp").asText()).equals(newest)).count());
        assertThat(total("groupId=" + group + "&to=" + oldest)).isEqualTo(
                all.stream().filter(i -> Instant.parse(i.get("timestamp").asText()).equals(oldest)).count());
        assertThat(total("groupId=" + group + "&from=" + oldest + "&to=" + newest)).isEqualTo(7);
        assertThat(total("groupId=" + group + "&actor=nobody")).isZero();
    }

    @Test
    void pagesTileTheLogWithoutOverlap() {
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode answer = admin.get("/api/audit?groupId=" + group + "&size=3&page=" + page).json();
            assertThat(answer.get("total").asLong()).isEqualTo(7);
            assertThat(answer.get("page").asInt()).isEqualTo(page);
            answer.get("items").forEach(i -> seen.add(i.get("summary").asText() + i.get("revision")));
        }
        List<String> whole = items(admin, "groupId=" + group).stream().map(i -> i.get("summary").asText() + i.get("revision")).toList();
        assertThat(seen).containsExactlyElementsOf(whole);
        assertThat(admin.get("/api/audit?size=0").status()).isEqualTo(400);
        assertThat(admin.get("/api/audit?size=501").status()).isEqualTo(400);
        assertThat(admin.get("/api/audit?page=-1").status()).isEqualTo(400);
        assertThat(admin.get("/api/audit?from=yesterday").status()).isEqualTo(400);
        assertThat(admin.get("/api/audit/export?format=xml").status()).isEqualTo(400);
    }

    @Test
    void theCsvExportParsesBackToTheJsonLinesExport() throws Exception {
        var csv = auditor.get("/api/audit/export?format=csv&groupId=" + group);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv").contains("UTF-8");
        var jsonl = auditor.get("/api/audit/export?format=jsonl&groupId=" + group);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : jsonl.text().split("\n")) {
            lines.add(mapper.readTree(line));
        }
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.text())).getRecords();
        assertThat(rows).hasSize(7).hasSameSizeAs(lines);
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord row = rows.get(i);
            JsonNode line = lines.get(i);
            assertThat(Instant.parse(row.get("timestamp"))).isEqualTo(Instant.parse(line.get("timestamp").asText()));
            assertThat(row.get("groupId")).isEqualTo(line.get("groupId").asText());
            assertThat(row.get("documentId")).isEqualTo(line.path("documentId").asText(""));
            assertThat(row.get("revision")).isEqualTo(line.get("revision").asText());
            assertThat(row.get("type")).isEqualTo(line.get("type").asText());
            assertThat(row.get("actor")).isEqualTo(line.get("actor").asText());
            assertThat(row.get("summary")).isEqualTo(line.get("summary").asText());
        }
        assertThat(rows).anySatisfy(r -> assertThat(r.get("summary")).contains("中文回复, \"quoted\" 🧭"));
    }

    @Test
    void accountChangesAreOnTheRecordForAdminsOnly() {
        var token = writer.post("/api/tokens", Map.of("name", "nightly 同步"));
        writer.delete("/api/tokens/" + token.json().get("id").asText());
        String stream = "actor=" + writerName;
        await().atMost(Duration.ofSeconds(10)).until(() -> total(stream + "&type=TokenRevoked") == 1);
        List<JsonNode> mine = items(admin, stream);
        assertThat(mine).extracting(i -> i.get("summary").asText()).contains(
                writerName + " created API token “nightly 同步” for " + writerName,
                writerName + " revoked an API token of " + writerName);
        assertThat(items(admin, "type=AccountRegistered&actor=admin"))
                .anySatisfy(i -> assertThat(i.get("summary").asText()).isEqualTo("admin created user " + writerName));
        assertThat(items(auditor, "type=TokenCreated")).isEmpty();
        assertThat(admin.get("/api/audit/export?format=jsonl&type=TokenCreated&actor=" + writerName).text())
                .doesNotContain(token.json().get("token").asText());
    }

    @Test
    void onlyTheGroupsAuditorsAndAdminsReadItsLog() {
        assertThat(items(auditor, "groupId=" + group)).hasSize(7);
        assertThat(items(auditor, "")).allSatisfy(i -> assertThat(i.get("groupId").asText()).isEqualTo(group));
        assertThat(auditor.get("/api/audit?documentId=" + doc).status()).isEqualTo(200);
        assertThat(writer.get("/api/audit?groupId=" + group).status()).isEqualTo(403);
        assertThat(owner.get("/api/audit?groupId=" + group).status()).isEqualTo(403);
        assertThat(writer.get("/api/audit/export?groupId=" + group).status()).isEqualTo(403);
        ApiClient outsider = newUser("outsider");
        assertThat(outsider.get("/api/audit?groupId=" + group).status()).isEqualTo(404);
        assertThat(outsider.get("/api/audit?documentId=" + doc).status()).isEqualTo(404);
        assertThat(items(outsider, "")).isEmpty();
        assertThat(admin.anonymous().get("/api/audit").status()).isEqualTo(401);
    }
}
