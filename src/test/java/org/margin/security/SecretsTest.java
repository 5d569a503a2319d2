package org.margin.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.LiveClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;

/** A password or token must never show up in a stored event, a log line, or any answer but the token's creation. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTest extends ApiTestBase {

    @Autowired
    MongoDatabase database;

    @LocalServerPort
    int port;

    @Test
    void passwordsAndTokensAppearNowhereButInTheTokensCreationAnswer(CapturedOutput output) {
        String username = "secret-keeper-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "Pw-" + UUID.randomUUID();
        List<String> answers = new ArrayList<>();
        answers.add(admin.post("/api/users", Map.of("username", username, "password", password,
                "displayName", "Keeper")).text());
        ApiClient user = admin.as(username, password);
        answers.add(admin.as(username, password + "-wrong").get("/api/me").text());
        String group = createGroup(user, "secrets");
        answers.add(user.put("/api/groups/" + group + "/members/admin", Map.of("role", "REVIEWER")).text());
        String doc = createDocument(user, group, "some text");
        answers.add(user.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 4),
                "body", Map.of("text", "a note"))).text());
        var created = user.post("/api/tokens", Map.of("name", "ci"));
        String token = created.json().get("token").asText();
        answers.add(user.get("/api/me").text());
        answers.add(user.get("/api/tokens").text());
        answers.add(user.get("/api/groups/" + group).text());
        answers.add(user.get("/api/documents/" + doc + "/events").text());
        answers.add(new ApiClient(baseUrl(), null, null).get("/api/me").text());
        StompHeaders headers = new StompHeaders();
        headers.setPasscode(token);
        try (LiveClient live = LiveClient.connect(port, headers, new WebSocketHttpHeaders())) {
            assertThat(live.isConnected()).isTrue();
        }

        assertThat(created.text()).contains(token);
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(password).doesNotContain(token));
        for (String collection : database.listCollectionNames()) {
            for (Document d : database.getCollection(collection).find()) {
                String stored = d.toJson();
                assertThat(stored).as(collection).doesNotContain(password).doesNotContain(token);
            }
        }
        assertThat(output.getAll()).doesNotContain(password).doesNotContain(token);
    }
}
