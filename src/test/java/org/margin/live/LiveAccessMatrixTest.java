package org.margin.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.LiveClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * For every role and every STOMP destination, the expected outcome. Following a document and its
 * presence: any member. Sending commands: OWNER and ANNOTATOR (others get a 403 or 404 problem and no
 * event). Sending to a topic or subscribing to a raw queue: nobody (the connection is closed).
 */
class LiveAccessMatrixTest extends ApiTestBase {

    enum Who { NONE, OTHER_GROUP, AUDITOR, REVIEWER, ANNOTATOR, OWNER, ADMIN }

    @LocalServerPort
    int port;

    @Test
    void everyRoleGetsExactlyWhatItMayDoOnEveryDestination() throws Exception {
        assertThatThrownBy(() -> LiveClient.connect(port, new StompHeaders(), new WebSocketHttpHeaders()))
                .as("anonymous CONNECT").isInstanceOf(IllegalStateException.class);

        ApiClient owner = newUser("owner");
        String ownerName = owner.get("/api/me").json().get("username").asText();
        String group = createGroup(owner, "matrix");
        String doc = createDocument(owner, group, "matrix text 🧭");
        List<String> mismatches = new ArrayList<>();
        for (Who who : Who.values()) {
            String username;
            String password;
            if (who == Who.OWNER) {
                username = ownerName;
                password = "pass-" + ownerName;
            } else if (who == Who.ADMIN) {
                username = "admin";
                password = ADMIN_PASSWORD;
            } else {
                ApiClient u = newUser(who.name().toLowerCase().replace('_', '-'));
                username = u.get("/api/me").json().get("username").asText();
                password = "pass-" + username;
                if (who == Who.OTHER_GROUP) {
                    createGroup(u, "elsewhere");
                } else if (who != Who.NONE) {
                    owner.put("/api/groups/" + group + "/members/" + username, Map.of("role", who.name()));
                }
            }
            boolean member = who != Who.NONE && who != Who.OTHER_GROUP;
            boolean writer = who == Who.OWNER || who == Who.ANNOTATOR || who == Who.ADMIN;

            for (String topic : List.of("/topic/documents/" + doc, "/topic/documents/" + doc + "/presence")) {
                try (LiveClient c = LiveClient.connect(port, username, password)) {
                    c.subscribe(topic, new LinkedBlockingQueue<>());
                    boolean open = stillOpen(c);
                    if (open != member) {
                        mismatches.add(who + " SUBSCRIBE " + topic + ": expected " + (member ? "allowed" : "refused"));
                    }
                }
            }

            try (LiveClient c = LiveClient.connect(port, username, password)) {
                long before = eventCount(doc);
                var receipt = c.send(doc, Map.of("type", "AddAnnotation", "target", position(0, 3)), "m-" + who);
                if (writer) {
                    try {
                        receipt.get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        mismatches.add(who + " SEND command: expected a receipt, got " + c.errors.poll());
                    }
                } else {
                    JsonNode problem = c.errors.poll(10, TimeUnit.SECONDS);
                    int expected = member ? 403 : 404;
                    if (problem == null || problem.get("status").asInt() != expected
                            || !problem.path("receiptId").asText().equals("m-" + who)) {
                        mismatches.add(who + " SEND command: expected " + expected + " problem, got " + problem);
                    }
                    if (eventCount(doc) != before) {
                        mismatches.add(who + " SEND command: a refused command wrote an event");
                    }
                }
            }

            try (LiveClient c = LiveClient.connect(port, username, password)) {
                c.sendRaw("/topic/documents/" + doc, Map.of("revision", 999));
                if (stillOpen(c)) {
                    mismatches.add(who + " SEND /topic: expected refused");
                }
            }
            try (LiveClient c = LiveClient.connect(port, username, password)) {
                c.subscribe("/queue/errors", new LinkedBlockingQueue<>());
                if (stillOpen(c)) {
                    mismatches.add(who + " SUBSCRIBE raw /queue: expected refused");
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** A refused frame ends the connection with an ERROR frame; an allowed one leaves it open. */
    private static boolean stillOpen(LiveClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
        while (System.nanoTime() < deadline) {
            if (!client.isConnected()) {
                return false;
            }
            Thread.sleep(25);
        }
        return client.isConnected();
    }

}
