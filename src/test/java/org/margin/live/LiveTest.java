package org.margin.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margin.document.query.DocumentView;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.LiveClient;
import org.margin.support.Replica;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketSession;

/** Live co-editing with real STOMP clients over real sockets. */
class LiveTest extends ApiTestBase {

    static final String TEXT = "协作阅读 🧭 makes research groups faster. ".repeat(20);

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    LiveSessions sessions;

    record User(ApiClient api, String username, String password) {
        LiveClient live(int port) {
            return LiveClient.connect(port, username, password);
        }
    }

    User user(String prefix) {
        ApiClient api = newUser(prefix);
        String username = api.get("/api/me").json().get("username").asText();
        return new User(api, username, "pass-" + username);
    }

    static Map<String, Object> add(long start) {
        return Map.of("type", "AddAnnotation", "target", position(start, start + 4), "body", Map.of("text", "n" + start));
    }

    @Test
    void coEditorsSeeEachOthersChangesInOrderAndOtherDocumentsStaySilent() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        String group = createGroup(alice.api(), "live");
        alice.api().put("/api/groups/" + group + "/members/" + bob.username(), Map.of("role", "ANNOTATOR"));
        String doc = createDocument(alice.api(), group, TEXT);
        String other = createDocument(alice.api(), group, TEXT);
        try (LiveClient a = alice.live(port); LiveClient b = bob.live(port); LiveClient elsewhere = bob.live(port)) {
            BlockingQueue<JsonNode> atAlice = new LinkedBlockingQueue<>();
            BlockingQueue<JsonNode> atBob = new LinkedBlockingQueue<>();
            BlockingQueue<JsonNode> atOther = new LinkedBlockingQueue<>();
            a.subscribe("/topic/documents/" + doc, atAlice);
            b.subscribe("/topic/documents/" + doc, atBob);
            elsewhere.subscribe("/topic/documents/" + other, atOther);
            Thread.sleep(200);

            StompHeaders receipt = a.send(doc, add(0), "r1").get(10, TimeUnit.SECONDS);
            assertThat(receipt.getFirst("revision")).isEqualTo("1");
            b.send(doc, add(10), "r2").get(10, TimeUnit.SECONDS);
            alice.api().post("/api/documents/" + doc + "/annotations", Map.of("target", position(20, 24)));

            for (BlockingQueue<JsonNode> queue : List.of(atAlice, atBob)) {
                List<Long> revisions = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    JsonNode envelope = queue.poll(10, TimeUnit.SECONDS);
                    assertThat(envelope).isNotNull();
                    assertThat(envelope.get("documentId").asText()).isEqualTo(doc);
                    assertThat(envelope.get("type").asText()).isEqualTo("AnnotationAdded");
                    revisions.add(envelope.get("revision").asLong());
                }
                assertThat(revisions).containsExactly(1L, 2L, 3L);
            }
            assertThat(atBob.stream().count()).isZero();
            assertThat(atOther.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    /** The app's JSON settings apply to pushes too: a client applies pushed and fetched events alike. */
    @Test
    void aPushedEnvelopeIsTheEventsFeedItemWithoutTheActorsDisplayName() throws Exception {
        User alice = user("alice");
        String doc = createDocument(alice.api(), createGroup(alice.api(), "feed"), TEXT);
        try (LiveClient live = alice.live(port)) {
            BlockingQueue<JsonNode> pushed = new LinkedBlockingQueue<>();
            live.subscribe("/topic/documents/" + doc, pushed);
            Thread.sleep(200);
            live.send(doc, Map.of("type", "AddAnnotation", "target", position(3, 9), "body", Map.of("text", "回复 🧭"),
                    "tags", List.of("t")), "r1").get(10, TimeUnit.SECONDS);

            JsonNode envelope = pushed.poll(10, TimeUnit.SECONDS);
            assertThat(envelope).isNotNull();
            JsonNode item = alice.api().get("/api/documents/" + doc + "/events?after=0").json().get(0);
            assertThat(item.get("revision").asLong()).isEqualTo(1);
            com.fasterxml.jackson.databind.node.ObjectNode expected = item.deepCopy();
            expected.remove("actorName");
            assertThat(envelope).isEqualTo(expected);
            assertThat(envelope.get("timestamp").isTextual()).isTrue();
        }
    }

    @Test
    void notesAsLongAsTheFrameLimitAllowsGoThroughStompWhole() throws Exception {
        User alice = user("alice");
        String doc = createDocument(alice.api(), createGroup(alice.api(), "long"), TEXT);
        // each frame is several times the server's 8,192-character read buffer; the emoji ones, one
        // character apart, put a surrogate pair across the end of a part in one of the two
        List<String> notes = List.of("字".repeat(19_999) + "🧭", "🧭".repeat(15_000), "a" + "🧭".repeat(15_000),
                "e\u0301\n\"q\"\t\\ ".repeat(2_000));
        Set<String> before = new HashSet<>(sessions.sessionIds());
        try (RawStompSocket stomp = RawStompSocket.connect(port, alice.username(), alice.password())) {
            Set<String> opened = new HashSet<>(sessions.sessionIds());
            opened.removeAll(before);
            assertThat(opened).hasSize(1);
            for (int i = 0; i < notes.size(); i++) {
                String body = MAPPER.writeValueAsString(Map.of("text", notes.get(i)));
                String answer = stomp.send(doc, "{\"type\":\"AddAnnotation\",\"target\":"
                        + MAPPER.writeValueAsString(position(3, 9)) + ",\"body\":" + body + "}", "r" + i);
                assertThat(answer).as("note " + i).startsWith("RECEIPT\nreceipt-id:r" + i);
            }
            assertThat(stomp.isOpen()).isTrue();
            // the socket reads into a small buffer: long frames come in parts, and it keeps no larger one
            WebSocketSession socket = sessions.socket(opened.iterator().next());
            assertThat(socket.getTextMessageSizeLimit()).isEqualTo(1024);
            assertThat(socket.getBinaryMessageSizeLimit()).isEqualTo(1024);
        }
        JsonNode events = alice.api().get("/api/documents/" + doc + "/events?after=0").json();
        assertThat(events).hasSize(notes.size());
        for (int i = 0; i < notes.size(); i++) {
            assertThat(events.get(i).get("payload").get("body").asText()).isEqualTo(notes.get(i));
        }
    }

    @Test
    void aFrameOverTheLimitGetsAnErrorFrameAndWritesNothingWhicheverPartsItCameIn() throws Exception {
        User alice = user("alice");
        String doc = createDocument(alice.api(), createGroup(alice.api(), "over"), TEXT);
        // 20,000 emoji: within a note's limit in code points, 80 kB in UTF-8, over the 64 KiB frame limit
        String body = MAPPER.writeValueAsString(Map.of("text", "🧭".repeat(20_000)));
        try (RawStompSocket stomp = RawStompSocket.connect(port, alice.username(), alice.password())) {
            String answer = stomp.send(doc, "{\"type\":\"AddAnnotation\",\"target\":"
                    + MAPPER.writeValueAsString(position(3, 9)) + ",\"body\":" + body + "}", "over");
            assertThat(answer).startsWith("ERROR");
            assertThat(stomp.next()).startsWith("CLOSED");
        }
        assertThat(eventCount(doc)).isEqualTo(1);
    }

    @Test
    void aRejectedCommandAnswersProblemJsonWithTheReceiptIdAndWritesNothing() throws Exception {
        User alice = user("alice");
        String doc = createDocument(alice.api(), createGroup(alice.api(), "g"), TEXT);
        try (LiveClient a = alice.live(port)) {
            a.send(doc, Map.of("type", "AddAnnotation", "target", Map.of("selector", List.of(
                    Map.of("type", "TextQuoteSelector", "exact", "not there")))), "bad-1");
            JsonNode problem = a.errors.poll(10, TimeUnit.SECONDS);
            assertThat(problem).isNotNull();
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("receiptId").asText()).isEqualTo("bad-1");

            String id = UUID.randomUUID().toString();
            a.send(doc, Map.of("type", "AddAnnotation", "annotationId", id, "target", position(0, 4)), "ok").get(10, TimeUnit.SECONDS);
            a.send(doc, Map.of("type", "EditAnnotation", "annotationId", id, "body", Map.of("text", "v2")), "ok2")
                    .get(10, TimeUnit.SECONDS);
            a.send(doc, Map.of("type", "EditAnnotation", "annotationId", id, "body", Map.of("text", "stale"),
                    "expectedRevision", 1), "stale");
            JsonNode conflict = a.errors.poll(10, TimeUnit.SECONDS);
            assertThat(conflict.get("status").asInt()).isEqualTo(409);
            assertThat(conflict.get("currentRevision").asLong()).isEqualTo(2);
            assertThat(conflict.get("receiptId").asText()).isEqualTo("stale");

            a.send(doc, Map.of("type", "Explode"), "unknown");
            assertThat(a.errors.poll(10, TimeUnit.SECONDS).get("status").asInt()).isEqualTo(400);
            a.send(doc, Map.of("type", "AddReply", "annotationId", "no-such-note", "text", "x"), "missing");
            assertThat(a.errors.poll(10, TimeUnit.SECONDS).get("status").asInt()).isEqualTo(404);
            assertThat(eventCount(doc)).isEqualTo(3);
        }
    }

    /** A client that sends without waiting for receipts has its commands applied in the order it sent them. */
    @Test
    void aSessionsCommandsAreAppliedInTheOrderSent() throws Exception {
        User alice = user("alice");
        String doc = createDocument(alice.api(), createGroup(alice.api(), "order"), TEXT);
        try (LiveClient a = alice.live(port)) {
            List<CompletableFuture<StompHeaders>> receipts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                receipts.add(a.send(doc, Map.of("type", "AddAnnotation", "target", position(i, i + 2),
                        "body", Map.of("text", "第 " + i + " 🧭")), "o" + i));
            }
            for (int i = 0; i < 40; i++) {
                assertThat(receipts.get(i).get(10, TimeUnit.SECONDS).getFirst("revision"))
                        .as("receipt of command %d in the order sent", i).isEqualTo(Long.toString(i + 1));
            }
        }
        JsonNode events = alice.api().get("/api/documents/" + doc + "/events?after=0&limit=100").json();
        assertThat(events).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(events.get(i).at("/payload/body").asText()).isEqualTo("第 " + i + " 🧭");
        }
    }

    @Test
    void tenClientsSendingConcurrentlyConvergeOnTheServersView() throws Exception {
        User owner = user("owner");
        String group = createGroup(owner.api(), "convergence");
        String doc = createDocument(owner.api(), group, TEXT);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            User u = user("c" + i);
            owner.api().put("/api/groups/" + group + "/members/" + u.username(), Map.of("role", "ANNOTATOR"));
            users.add(u);
        }
        List<LiveClient> clients = new ArrayList<>();
        List<Replica> replicas = new ArrayList<>();
        for (User u : users) {
            LiveClient client = u.live(port);
            Replica replica = new Replica(u.api(), doc);
            client.subscribe("/topic/documents/" + doc, replica.inbox);
            clients.add(client);
            replicas.add(replica);
        }
        Thread.sleep(300);
        replicas.forEach(Replica::load);

        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> sent = new ArrayList<>();
        int textLength = TEXT.codePointCount(0, TEXT.length());
        for (int c = 0; c < 10; c++) {
            LiveClient client = clients.get(c);
            Replica replica = replicas.get(c);
            Random random = new Random(c);
            sent.add(pool.submit(() -> {
                List<String> mine = new ArrayList<>();
                int ok = 0;
                for (int i = 0; i < 100; i++) {
                    Map<String, Object> command;
                    List<String> known = replica.view() == null ? List.of()
                            : replica.view().annotations().stream().map(a -> a.id()).toList();
                    int kind = mine.isEmpty() ? 0 : random.nextInt(4);
                    if (kind == 0) {
                        String id = UUID.randomUUID().toString();
                        long start = random.nextInt(textLength - 5);
                        command = Map.of("type", "AddAnnotation", "annotationId", id, "target", position(start, start + 3),
                                "body", Map.of("text", "note " + i), "tags", List.of("c" + ok % 3));
                        mine.add(id);
                    } else if (kind == 1) {
                        command = Map.of("type", "EditAnnotation", "annotationId", mine.get(random.nextInt(mine.size())),
                                "body", Map.of("text", "edit " + i + " 🧭"));
                    } else if (kind == 2) {
                        String target = known.isEmpty() ? mine.get(0) : known.get(random.nextInt(known.size()));
                        command = Map.of("type", "EditAnnotation", "annotationId", target, "addTags", List.of("t" + i % 5));
                    } else {
                        String target = known.isEmpty() ? mine.get(0) : known.get(random.nextInt(known.size()));
                        command = Map.of("type", "AddReply", "annotationId", target, "text", "回复 " + i);
                    }
                    sendHeedingTheRateLimit(client, doc, command, "c" + i);
                    ok++;
                    replica.catchUp(-1, Duration.ZERO);
                }
                return ok;
            }));
        }
        for (Future<Integer> f : sent) {
            assertThat(f.get(5, TimeUnit.MINUTES)).isEqualTo(100);
        }
        pool.shutdown();

        JsonNode events = owner.api().get("/api/documents/" + doc + "/events?limit=1000&after=-1").json();
        long head = events.size() - 1;
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).get("revision").asLong()).isEqualTo(i);
        }
        // 1,000 commands; an addTags of a tag the note already has changes nothing and records nothing
        assertThat(head).isBetween(900L, 1000L);
        DocumentView server = Replica.toView(viewAt(owner.api(), doc, head));
        assertThat(Replica.toView(owner.api().get("/api/documents/" + doc + "/annotations?asOf=" + head).json()))
                .isEqualTo(server);
        for (Replica replica : replicas) {
            DocumentView local = replica.catchUp(head, Duration.ofSeconds(30));
            assertThat(local.revision()).isEqualTo(head);
            assertThat(local).isEqualTo(server);
            assertThat(replica.applied).doesNotHaveDuplicates().isSorted();
        }
        clients.forEach(LiveClient::close);
    }

    /** As a well-behaved client does: a command refused with 429 is sent again once the wait it names is over. */
    static void sendHeedingTheRateLimit(LiveClient client, String doc, Map<String, Object> command, String receipt)
            throws Exception {
        while (true) {
            try {
                client.send(doc, command, receipt).get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof LiveClient.Refused refused) || refused.problem.path("status").asInt() != 429) {
                    throw e;
                }
                Thread.sleep(refused.problem.path("retryAfterMillis").asLong());
            }
        }
    }

    @Test
    void aClientThatReconnectsCatchesUpFromEventsAfterItsLastRevision() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        String group = createGroup(alice.api(), "g");
        alice.api().put("/api/groups/" + group + "/members/" + bob.username(), Map.of("role", "ANNOTATOR"));
        String doc = createDocument(alice.api(), group, TEXT);
        Replica replica = new Replica(bob.api(), doc);
        LiveClient first = bob.live(port);
        first.subscribe("/topic/documents/" + doc, replica.inbox);
        Thread.sleep(200);
        replica.load();
        alice.api().post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 4)));
        replica.catchUp(1, Duration.ofSeconds(10));
        first.close();

        for (int i = 0; i < 50; i++) {
            alice.api().post("/api/documents/" + doc + "/annotations", Map.of("target", position(i + 1, i + 5)));
        }
        try (LiveClient second = bob.live(port)) {
            second.subscribe("/topic/documents/" + doc, replica.inbox);
            Thread.sleep(200);
            JsonNode missed = bob.api().get("/api/documents/" + doc + "/events?after=" + replica.view().revision()).json();
            missed.forEach(replica::apply);
            alice.api().post("/api/documents/" + doc + "/annotations", Map.of("target", position(60, 64)));
            DocumentView local = replica.catchUp(52, Duration.ofSeconds(10));
            assertThat(local).isEqualTo(Replica.toView(viewAt(alice.api(), doc, 52)));
            assertThat(replica.applied).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 52).boxed().toList());
        }
    }

    @Test
    void aStalledClientIsCutOffWhileOthersKeepReceiving() throws Exception {
        User alice = user("alice");
        String doc = createDocument(alice.api(), createGroup(alice.api(), "g"), TEXT);
        try (StalledSocket stalled = StalledSocket.open(port, alice.username(), alice.password(), doc, sessions);
             LiveClient healthy = alice.live(port)) {
            BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
            healthy.subscribe("/topic/documents/" + doc, received);
            Thread.sleep(300);
            String big = "字".repeat(19_999);
            for (int i = 0; i < 200; i++) {
                var r = alice.api().post("/api/documents/" + doc + "/annotations",
                        Map.of("target", position(i % 50, i % 50 + 3), "body", Map.of("text", big)));
                assertThat(r.status()).isEqualTo(201);
                JsonNode envelope = received.poll(10, TimeUnit.SECONDS);
                assertThat(envelope).as("healthy client got revision " + (i + 1)).isNotNull();
                assertThat(envelope.get("revision").asLong()).isEqualTo(i + 1);
            }
            assertThat(stalled.found()).as("the stalled socket is open on the server").isTrue();
            await().atMost(Duration.ofSeconds(30)).until(stalled::closedByServer);
        }
    }

    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
}
