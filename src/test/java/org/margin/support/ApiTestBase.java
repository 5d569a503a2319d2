package org.margin.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the whole app on a random port. Without MONGODB_URI it uses a fresh embedded store in a temporary
 * folder; with MONGODB_URI set, the same tests run against that MongoDB, in a database of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestBase {

    protected static final String ADMIN_PASSWORD = "admin-secret-1";

    @LocalServerPort
    int port;

    protected ApiClient admin;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        Path dir = TempStores.create("margin-test");
        registry.add("margin.data-dir", dir::toString);
        registry.add("margin.database", () -> "margin_test_" + UUID.randomUUID().toString().substring(0, 8));
        registry.add("margin.admin-password", () -> ADMIN_PASSWORD);
        registry.add("margin.demo", () -> "false");
        // every test client comes from 127.0.0.1: keep the per-address login limit out of their way
        registry.add("margin.limits.login-failures-per-address", () -> "100000");
        registry.add("margin.live.send-time-limit", () -> "3s");
    }

    @BeforeEach
    void client() {
        admin = new ApiClient("http://localhost:" + port, "admin", ADMIN_PASSWORD);
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    /** A new user, and a client logged in as them. */
    protected ApiClient newUser(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        var created = admin.post("/api/users", Map.of("username", username, "password", "pass-" + username,
                "displayName", prefix));
        if (created.status() != 201) {
            throw new IllegalStateException("Cannot create user: " + created.text());
        }
        return admin.as(username, "pass-" + username);
    }

    protected String createGroup(ApiClient client, String name) {
        return client.post("/api/groups", Map.of("name", name)).json().get("id").asText();
    }

    protected String createDocument(ApiClient client, String groupId, String content) {
        var created = client.post("/api/documents", Map.of("groupId", groupId, "title", "Doc", "format", "text",
                "content", content, "language", "zh"));
        if (created.status() != 201) {
            throw new IllegalStateException("Cannot create document: " + created.text());
        }
        return created.json().get("id").asText();
    }

    protected static Map<String, Object> position(long start, long end) {
        return Map.of("selector", List.of(Map.of("type", "TextPositionSelector", "start", start, "end", end)));
    }

    /** Waits until the live view has caught up with a revision, and returns it. */
    protected JsonNode viewAt(ApiClient client, String documentId, long revision) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> client.get("/api/documents/" + documentId + "/annotations").json()
                        .path("revision").asLong(-2) >= revision);
        return client.get("/api/documents/" + documentId + "/annotations").json();
    }

    protected long eventCount(String documentId) {
        return admin.get("/api/documents/" + documentId + "/events?limit=1000").json().size();
    }
}
