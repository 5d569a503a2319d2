package org.margin.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;

class ProcessorsApiTest extends ApiTestBase {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    SkippedEvents skipped;

    @Test
    void theViewsAndTheAuditLogSkipWhatCannotBeAppliedButTheMembershipViewNever() {
        assertThat(processing.listenerInvocationErrorHandler("projections"))
                .isInstanceOfSatisfying(ProcessorErrors.class, e -> assertThat(e.skips()).isTrue());
        assertThat(processing.listenerInvocationErrorHandler("audit"))
                .isInstanceOfSatisfying(ProcessorErrors.class, e -> assertThat(e.skips()).isTrue());
        assertThat(processing.listenerInvocationErrorHandler("memberships"))
                .isInstanceOfSatisfying(ProcessorErrors.class, e -> assertThat(e.skips()).isFalse());
    }

    @Test
    void anAdminSeesEachProcessorRunningAndCatchingUpWithTheStore() {
        String group = createGroup(admin, "Processors");
        createDocument(admin, group, "正文 with an emoji 😀");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var response = admin.get("/api/admin/processors");
            assertThat(response.status()).isEqualTo(200);
            Map<String, JsonNode> byName = new java.util.HashMap<>();
            response.json().forEach(p -> byName.put(p.get("name").asText(), p));
            assertThat(byName).containsKeys("projections", "memberships", "audit", "live");
            for (String name : new String[] {"projections", "memberships", "audit"}) {
                JsonNode p = byName.get(name);
                assertThat(p.get("running").asBoolean()).as(name).isTrue();
                assertThat(p.get("caughtUp").asBoolean()).as(name).isTrue();
                assertThat(p.get("position").asLong()).as(name).isPositive();
                assertThat(p.has("error")).as(name).isFalse();
            }
        });
    }

    @Test
    void anAdminListsTheSkippedEventsNewestFirst() throws InterruptedException {
        skipped.record("projections", "doc-older", 3, "AnnotationEdited", new IllegalStateException("older"));
        Thread.sleep(5);   // the record's time is in milliseconds
        skipped.record("audit", "doc-newer", 7, "ReplyAdded", new IllegalArgumentException("newer"));

        var response = admin.get("/api/admin/skipped-events?limit=1000");
        assertThat(response.status()).isEqualTo(200);
        var entries = StreamSupport.stream(response.json().spliterator(), false)
                .filter(e -> e.get("stream").asText().startsWith("doc-")).toList();
        assertThat(entries).extracting(e -> e.get("stream").asText()).containsSubsequence("doc-newer", "doc-older");
        JsonNode newer = entries.stream().filter(e -> e.get("stream").asText().equals("doc-newer")).findFirst().orElseThrow();
        assertThat(newer.get("processor").asText()).isEqualTo("audit");
        assertThat(newer.get("revision").asLong()).isEqualTo(7);
        assertThat(newer.get("type").asText()).isEqualTo("ReplyAdded");
        assertThat(newer.get("error").asText()).isEqualTo("IllegalArgumentException: newer");
        assertThat(newer.get("at").asText()).isNotBlank();
    }

    @Test
    void onlyAnAdminMayLookAndTheLimitIsChecked() {
        ApiClient member = newUser("member");
        for (String path : new String[] {"/api/admin/processors", "/api/admin/skipped-events"}) {
            assertThat(member.get(path).status()).as(path).isEqualTo(403);
            assertThat(member.get(path).isProblem()).as(path).isTrue();
            assertThat(admin.anonymous().get(path).status()).as(path).isEqualTo(401);
        }
        for (String limit : new String[] {"0", "1001", "-5", "many"}) {
            var refused = admin.get("/api/admin/skipped-events?limit=" + limit);
            assertThat(refused.status()).as(limit).isEqualTo(400);
            assertThat(refused.isProblem()).as(limit).isTrue();
        }
    }
}
