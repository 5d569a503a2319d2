package org.margin.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.LiveClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;

/** Who may open a socket, follow a document and send to it. */
class LiveSecurityTest extends ApiTestBase {

    @LocalServerPort
    int port;

    record User(ApiClient api, String username, String password) {
    }

    User user(String prefix) {
        ApiClient api = newUser(prefix);
        String username = api.get("/api/me").json().get("username").asText();
        return new User(api, username, "pass-" + username);
    }

    LiveClient live(User u) {
        return LiveClient.connect(port, u.username(), u.password());
    }

    @Test
    void aConnectWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> LiveClient.connect(port, new StompHeaders(), new WebSocketHttpHeaders()))
                .isInstanceOf(IllegalStateException.class);
        User u = user("u");
        assertThatThrownBy(() -> LiveClient.connect(port, u.username(), "wrong-password"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failedStompLoginsCountTowardsTheLoginThrottle() {
        User u = user("guessed");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> LiveClient.connect(port, u.username(), "wrong-password"))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(u.api().get("/api/me").status()).isEqualTo(429);
        assertThatThrownBy(() -> live(u)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHandshakeFromAForeignOriginIsRefused() throws Exception {
        try (java.net.Socket raw = new java.net.Socket("localhost", port)) {
            raw.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Origin: https://evil.example\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(raw.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 403");
        }
        User u = user("u");
        WebSocketHttpHeaders sameOrigin = new WebSocketHttpHeaders();
        sameOrigin.setOrigin("http://localhost:" + port);
        StompHeaders auth = new StompHeaders();
        auth.setLogin(u.username());
        auth.setPasscode(u.password());
        try (LiveClient ok = LiveClient.connect(port, auth, sameOrigin)) {
            assertThat(ok.isConnected()).isTrue();
        }
        WebSocketHttpHeaders evil = new WebSocketHttpHeaders();
        evil.setOrigin("https://evil.example");
        assertThatThrownBy(() -> LiveClient.connect(port, auth, evil)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void apiTokensConnectAsPasscode() {
        User u = user("u");
        String token = u.api().post("/api/tokens", Map.of("name", "live")).json().get("token").asText();
        StompHeaders headers = new StompHeaders();
        headers.setPasscode(token);
        try (LiveClient client = LiveClient.connect(port, headers, new WebSocketHttpHeaders())) {
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void revokingATokenClosesTheSocketsItOpened() {
        User u = user("u");
        String doc = createDocument(u.api(), createGroup(u.api(), "g"), "token text");
        var created = u.api().post("/api/tokens", Map.of("name", "live")).json();
        StompHeaders headers = new StompHeaders();
        headers.setPasscode(created.get("token").asText());
        LiveClient viaToken = LiveClient.connect(port, headers, new WebSocketHttpHeaders());
        viaToken.subscribe("/topic/documents/" + doc, new LinkedBlockingQueue<>());
        try (LiveClient viaPassword = live(u)) {
            assertThat(u.api().delete("/api/tokens/" + created.get("id").asText()).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(5)).until(() -> !viaToken.isConnected());
            assertThat(viaPassword.isConnected()).as("the user's other sockets stay open").isTrue();
            assertThatThrownBy(() -> LiveClient.connect(port, headers, new WebSocketHttpHeaders()))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            viaToken.close();
        }
    }

    @Test
    void outsidersCannotFollowADocumentNorSendToTopics() throws Exception {
        User owner = user("owner");
        User outsider = user("outsider");
        String doc = createDocument(owner.api(), createGroup(owner.api(), "g"), "secret text");

        LiveClient snoop = live(outsider);
        snoop.subscribe("/topic/documents/" + doc, new LinkedBlockingQueue<>());
        await().atMost(Duration.ofSeconds(5)).until(() -> !snoop.isConnected());

        LiveClient forger = live(owner);
        forger.sendRaw("/topic/documents/" + doc, Map.of("revision", 99, "type", "AnnotationAdded"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !forger.isConnected());

        LiveClient peeker = live(outsider);
        peeker.subscribe("/queue/errors", new LinkedBlockingQueue<>());
        await().atMost(Duration.ofSeconds(5)).until(() -> !peeker.isConnected());
        assertThat(eventCount(doc)).isEqualTo(1);
    }

    @Test
    void readersMayFollowButOnlyWritersMaySendCommands() throws Exception {
        User owner = user("owner");
        User reviewer = user("reviewer");
        User auditor = user("auditor");
        String group = createGroup(owner.api(), "g");
        owner.api().put("/api/groups/" + group + "/members/" + reviewer.username(), Map.of("role", "REVIEWER"));
        owner.api().put("/api/groups/" + group + "/members/" + auditor.username(), Map.of("role", "AUDITOR"));
        String doc = createDocument(owner.api(), group, "shared text");
        try (LiveClient r = live(reviewer); LiveClient a = live(auditor)) {
            BlockingQueue<JsonNode> seen = new LinkedBlockingQueue<>();
            r.subscribe("/topic/documents/" + doc, seen);
            a.subscribe("/topic/documents/" + doc, new LinkedBlockingQueue<>());
            Thread.sleep(200);
            r.send(doc, Map.of("type", "AddAnnotation", "target", position(0, 3)), "try");
            JsonNode problem = r.errors.poll(10, TimeUnit.SECONDS);
            assertThat(problem.get("status").asInt()).isEqualTo(403);
            assertThat(problem.get("receiptId").asText()).isEqualTo("try");
            assertThat(r.isConnected()).isTrue();
            assertThat(a.isConnected()).isTrue();

            owner.api().post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 3)));
            assertThat(seen.poll(10, TimeUnit.SECONDS).get("revision").asLong()).isEqualTo(1);
            assertThat(eventCount(doc)).isEqualTo(2);
        }
    }

    @Test
    void aRemovedMembersSocketStopsReceivingThatGroupsDocuments() throws Exception {
        User owner = user("owner");
        User leaver = user("leaver");
        String group = createGroup(owner.api(), "g");
        owner.api().put("/api/groups/" + group + "/members/" + leaver.username(), Map.of("role", "ANNOTATOR"));
        String doc = createDocument(owner.api(), group, "shared text");
        LiveClient socket = live(leaver);
        BlockingQueue<JsonNode> seen = new LinkedBlockingQueue<>();
        socket.subscribe("/topic/documents/" + doc, seen);
        Thread.sleep(200);
        owner.api().post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 3)));
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isNotNull();

        assertThat(owner.api().delete("/api/groups/" + group + "/members/" + leaver.username()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !socket.isConnected());
        owner.api().post("/api/documents/" + doc + "/annotations", Map.of("target", position(3, 6)));
        assertThat(seen.poll(1, TimeUnit.SECONDS)).isNull();
        socket.close();

        LiveClient again = live(leaver);
        again.subscribe("/topic/documents/" + doc, new LinkedBlockingQueue<>());
        await().atMost(Duration.ofSeconds(5)).until(() -> !again.isConnected());
    }

    @Test
    void aBrowserSessionConnectsOnlyWithItsCsrfToken() throws Exception {
        User u = user("browser");
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        JsonNode csrf = MAPPER.readTree(browser.send(HttpRequest.newBuilder(
                URI.create(baseUrl() + "/api/csrf")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String form = "username=" + URLEncoder.encode(u.username(), StandardCharsets.UTF_8) + "&password=" + u.password();
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(csrf.get("headerName").asText(), csrf.get("token").asText())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        JsonNode token = MAPPER.readTree(browser.send(HttpRequest.newBuilder(
                URI.create(baseUrl() + "/api/csrf")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String sessionCookie = cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue()).reduce((a, b) -> a + "; " + b).orElseThrow();

        WebSocketHttpHeaders handshake = new WebSocketHttpHeaders();
        handshake.add("Cookie", sessionCookie);
        assertThatThrownBy(() -> LiveClient.connect(port, new StompHeaders(), handshake))
                .isInstanceOf(IllegalStateException.class);
        StompHeaders withToken = new StompHeaders();
        withToken.add("X-XSRF-TOKEN", token.get("token").asText());
        try (LiveClient ok = LiveClient.connect(port, withToken, handshake)) {
            assertThat(ok.isConnected()).isTrue();
        }
    }

    @Test
    void aSessionOverItsMessageRateIsCutOffAndOthersAreNot() throws Exception {
        User u = user("flooder");
        String doc = createDocument(u.api(), createGroup(u.api(), "g"), "flood text");
        try (LiveClient flood = live(u); LiveClient calm = live(u)) {
            // over twice the limit in a second whichever windows the frames fall into
            for (int i = 0; i < 400; i++) {
                if (!flood.isConnected()) {
                    break;
                }
                try {
                    flood.sendRaw("/app/documents/" + doc + "/presence", Map.of("selection", Map.of("start", 0, "end", i % 5)));
                } catch (RuntimeException closedWhileSending) {
                    break;
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !flood.isConnected());
            calm.send(doc, Map.of("type", "AddAnnotation", "target", position(0, 3)), "ok").get(10, TimeUnit.SECONDS);
            assertThat(calm.isConnected()).isTrue();
        }
    }

    @Test
    void aCommandOverTheRateIsRefusedWith429AndNothingElseIsLost() throws Exception {
        User u = user("hasty");
        String doc = createDocument(u.api(), createGroup(u.api(), "g"), "hasty text");
        try (LiveClient hasty = live(u)) {
            List<CompletableFuture<StompHeaders>> answers = new ArrayList<>();
            int refused = 0;
            // 75 commands at once pass 50 in one second, unless they straddle two windows: then once more
            for (int burst = 0; refused == 0 && burst < 3; burst++) {
                if (burst > 0) {
                    Thread.sleep(1_000);   // a fresh window, so the two bursts never add up to a flood
                }
                List<CompletableFuture<StompHeaders>> sent = new ArrayList<>();
                for (int i = 0; i < 75; i++) {
                    sent.add(hasty.send(doc, Map.of("type", "AddAnnotation", "target", position(0, 3)), "b" + burst + "-" + i));
                }
                for (CompletableFuture<StompHeaders> answer : sent) {
                    try {
                        answer.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(LiveClient.Refused.class);
                        JsonNode problem = ((LiveClient.Refused) e.getCause()).problem;
                        assertThat(problem.get("status").asInt()).isEqualTo(429);
                        assertThat(problem.get("receiptId").asText()).startsWith("b" + burst + "-");
                        assertThat(problem.get("instance").asText()).isEqualTo("/app/documents/" + doc + "/commands");
                        assertThat(problem.get("retryAfterMillis").asLong()).isBetween(1L, 1_000L);
                        refused++;
                    }
                }
                answers.addAll(sent);
            }
            assertThat(refused).isPositive();
            long receipts = answers.stream().filter(a -> !a.isCompletedExceptionally()).count();
            assertThat(receipts).isEqualTo(answers.size() - refused);
            assertThat(eventCount(doc)).isEqualTo(1 + receipts);
            assertThat(hasty.isConnected()).isTrue();
            Thread.sleep(1_000);
            hasty.send(doc, Map.of("type", "AddAnnotation", "target", position(0, 3)), "later").get(10, TimeUnit.SECONDS);
            assertThat(eventCount(doc)).isEqualTo(2 + receipts);
        }
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnection() throws Exception {
        User u = user("big");
        String doc = createDocument(u.api(), createGroup(u.api(), "g"), "text");
        try (LiveClient big = live(u); LiveClient calm = live(u)) {
            try {
                big.sendRaw("/app/documents/" + doc + "/presence", Map.of("padding", "x".repeat(70_000)));
            } catch (RuntimeException closedWhileSending) {
                // the server may close the socket before the client has written the whole frame
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !big.isConnected());
            calm.send(doc, Map.of("type", "AddAnnotation", "target", position(0, 3)), "ok").get(10, TimeUnit.SECONDS);
            assertThat(eventCount(doc)).isEqualTo(2);
        }
    }

    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
}
