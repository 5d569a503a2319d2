package org.margin.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.LiveClient;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Who is in a document and where their selection is: pushed on change, gone when the socket closes. */
class PresenceTest extends ApiTestBase {

    @LocalServerPort
    int port;

    @Test
    void viewersAndTheirSelectionsArePushedAndExpireWithTheirSocket() throws Exception {
        ApiClient aliceApi = newUser("alice");
        ApiClient bobApi = newUser("bob");
        String alice = aliceApi.get("/api/me").json().get("username").asText();
        String bob = bobApi.get("/api/me").json().get("username").asText();
        String group = createGroup(aliceApi, "g");
        aliceApi.put("/api/groups/" + group + "/members/" + bob, Map.of("role", "REVIEWER"));
        String doc = createDocument(aliceApi, group, "presence 🧭 text");

        try (LiveClient watcher = LiveClient.connect(port, bob, "pass-" + bob)) {
            BlockingQueue<JsonNode> presence = new LinkedBlockingQueue<>();
            watcher.subscribe("/topic/documents/" + doc + "/presence", presence);
            watcher.subscribe("/topic/documents/" + doc, new LinkedBlockingQueue<>());
            awaitUsers(presence, users -> users.size() == 1 && users.get(0).get("username").asText().equals(bob));

            LiveClient editor = LiveClient.connect(port, alice, "pass-" + alice);
            editor.subscribe("/topic/documents/" + doc, new LinkedBlockingQueue<>());
            List<JsonNode> both = awaitUsers(presence, users -> users.size() == 2);
            assertThat(both).extracting(u -> u.get("displayName").asText()).containsExactly("alice", "bob");

            editor.sendRaw("/app/documents/" + doc + "/presence", Map.of("selection", Map.of("start", 9, "end", 10)));
            List<JsonNode> selecting = awaitUsers(presence, users -> users.stream().anyMatch(u -> u.has("selection")));
            JsonNode a = selecting.stream().filter(u -> u.get("username").asText().equals(alice)).findFirst().orElseThrow();
            assertThat(a.get("selection").get("start").asLong()).isEqualTo(9);
            assertThat(a.get("selection").get("end").asLong()).isEqualTo(10);

            editor.close();
            awaitUsers(presence, users -> users.size() == 1 && users.get(0).get("username").asText().equals(bob));
        }
    }

    private static List<JsonNode> awaitUsers(BlockingQueue<JsonNode> presence, Predicate<List<JsonNode>> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = presence.poll(100, TimeUnit.MILLISECONDS);
            if (message != null) {
                List<JsonNode> users = new java.util.ArrayList<>();
                message.get("users").forEach(users::add);
                if (wanted.test(users)) {
                    return users;
                }
            }
        }
        throw new AssertionError("presence never reached the expected state");
    }
}
