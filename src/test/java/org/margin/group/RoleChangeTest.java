package org.margin.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;

/**
 * A member's role is kept for a few seconds between requests (ADR 0009), yet a change made on this node
 * holds from the very next request: the member below has just used the old role when it changes.
 */
class RoleChangeTest extends ApiTestBase {

    @Test
    void aChangedRoleHoldsFromTheNextRequest() {
        ApiClient owner = newUser("owner");
        ApiClient member = newUser("member");
        String username = member.get("/api/me").json().get("username").asText();
        ApiClient script = ApiClient.withToken(baseUrl(),
                member.post("/api/tokens", Map.of("name", "script")).json().get("token").asText());
        String group = createGroup(owner, "g");
        String doc = createDocument(owner, group, "共享的文本 🧭 shared text");
        String annotations = "/api/documents/" + doc + "/annotations";
        String role = "/api/groups/" + group + "/members/" + username;

        assertThat(script.post(annotations, Map.of("target", position(0, 2))).status()).isEqualTo(404);
        assertThat(owner.put(role, Map.of("role", "ANNOTATOR")).status()).isEqualTo(200);
        assertThat(script.post(annotations, Map.of("target", position(0, 2))).status()).isEqualTo(201);

        assertThat(owner.put(role, Map.of("role", "REVIEWER")).status()).isEqualTo(200);
        var refused = script.post(annotations, Map.of("target", position(2, 4)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("REVIEWER");
        assertThat(script.get("/api/documents/" + doc).status()).isEqualTo(200);

        assertThat(owner.delete(role).status()).isEqualTo(200);
        assertThat(script.get("/api/documents/" + doc).status()).isEqualTo(404);
        assertThat(member.get("/api/documents/" + doc).status()).isEqualTo(404);

        assertThat(owner.put(role, Map.of("role", "ANNOTATOR")).status()).isEqualTo(200);
        var second = script.post(annotations, Map.of("target", position(4, 6)));
        assertThat(second.status()).isEqualTo(201);
        // the refused one is not among them
        assertThat(viewAt(owner, doc, second.json().get("revision").asLong()).get("annotations")).hasSize(2);
    }
}
