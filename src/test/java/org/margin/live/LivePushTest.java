package org.margin.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.margin.document.api.AnnotationReopened;
import org.margin.document.api.AnnotationResolved;
import org.margin.document.api.DocumentEvent;
import org.margin.integrity.EventStamp;
import org.margin.storage.PendingEvents;
import org.margin.support.ApiClient;
import org.margin.support.ApiTestBase;
import org.margin.support.LiveClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.AbstractMessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * The two paths of the live push: a command's own events leave on its thread once durable; events this
 * node's commands did not store (another node's) come through the "live" processor; neither path pushes
 * a revision twice or out of order.
 */
class LivePushTest extends ApiTestBase {

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    @Autowired
    @Qualifier("brokerChannel")
    AbstractMessageChannel brokerChannel;

    @Autowired
    PendingEvents pendingEvents;

    @Test
    void aCommandsEventsArePushedWithoutTheLiveProcessorWhichLaterPushesOnlyWhatItAloneSaw() throws Exception {
        ApiClient alice = newUser("alice");
        String username = alice.get("/api/me").json().get("username").asText();
        String doc = createDocument(alice, createGroup(alice, "push"), "共同阅读 🧭 a shared text to annotate.");
        EventProcessor live = processing.eventProcessor(LivePush.PROCESSOR).orElseThrow();
        try (LiveClient client = LiveClient.connect(port, username, "pass-" + username)) {
            BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
            client.subscribe("/topic/documents/" + doc, frames);
            Thread.sleep(200);
            live.shutDown();
            try {
                String note = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 4)))
                        .json().get("annotationId").asText();
                JsonNode added = frames.poll(10, TimeUnit.SECONDS);
                assertThat(added).as("pushed by the command, with the processor stopped").isNotNull();
                assertThat(added).isEqualTo(asPushed(storedEvents(alice, doc).get(1)));

                storeAsAnotherNodeWould(doc, 2, new AnnotationResolved(doc, note), added.get("hash").asText(), username);
                assertThat(frames.poll(500, TimeUnit.MILLISECONDS)).as("no command of this node stored it").isNull();

                // this node's cached aggregate has not seen that event: the first try may conflict, as after
                // another node's write, and a retry succeeds
                var second = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(5, 9)));
                if (second.status() == 409) {
                    second = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(5, 9)));
                }
                assertThat(second.status()).isEqualTo(201);
                JsonNode revealed = frames.poll(10, TimeUnit.SECONDS);
                JsonNode third = frames.poll(10, TimeUnit.SECONDS);
                assertThat(revealed.get("revision").asLong()).isEqualTo(2);
                assertThat(revealed.get("type").asText()).isEqualTo("AnnotationResolved");
                assertThat(third.get("revision").asLong()).isEqualTo(3);
                assertThat(third.get("type").asText()).isEqualTo("AnnotationAdded");
            } finally {
                live.start();
            }
            String thirdHash = storedEvents(alice, doc).get(3).get("hash").asText();
            storeAsAnotherNodeWould(doc, 4, new AnnotationReopened(doc, storedEvents(alice, doc).get(1)
                    .get("annotationId").asText()), thirdHash, username);

            JsonNode fromProcessor = frames.poll(10, TimeUnit.SECONDS);
            assertThat(fromProcessor).as("the processor pushes what no command of this node stored").isNotNull();
            assertThat(fromProcessor).isEqualTo(asPushed(storedEvents(alice, doc).get(4)));
            assertThat(frames.poll(1, TimeUnit.SECONDS)).as("revisions 1-3 are not pushed twice").isNull();
        }
    }

    @Test
    void aCommandsEventIsPendingWhileTheStoreAppendsItAndNoLongerOnceTheCommandIsAnswered() {
        ApiClient alice = newUser("alice");
        String doc = createDocument(alice, createGroup(alice, "pending"), "待定 ⏳ a text whose event is pending.");
        List<String> seen = new CopyOnWriteArrayList<>();
        // the event store hands a unit of work's events to its subscribers right after appending them
        Registration watch = eventStore.subscribe(events -> events.stream()
                .filter(e -> e instanceof DomainEventMessage<?> d && d.getAggregateIdentifier().equals(doc))
                .map(e -> ((DomainEventMessage<?>) e).getSequenceNumber())
                .forEach(revision -> seen.add(revision + " pending " + pendingEvents.pending(doc, revision))));
        try {
            var added = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 2)));
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.json().get("revision").asLong()).isEqualTo(1);
        } finally {
            watch.cancel();
        }

        assertThat(seen).containsExactly("1 pending true");
        assertThat(pendingEvents.pending(doc, 1)).as("once answered").isFalse();
    }

    @Test
    void aFailedSendIsNotLostTheDocumentsNextEventPushesItFirst() throws Exception {
        ApiClient alice = newUser("alice");
        String username = alice.get("/api/me").json().get("username").asText();
        String doc = createDocument(alice, createGroup(alice, "push-failure"), "失败后重发 🔁 a text whose push fails once.");
        String topic = "/topic/documents/" + doc;
        EventProcessor live = processing.eventProcessor(LivePush.PROCESSOR).orElseThrow();
        AtomicInteger failures = new AtomicInteger();
        ChannelInterceptor failOnce = new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                if (topic.equals(SimpMessageHeaderAccessor.getDestination(message.getHeaders()))
                        && failures.getAndIncrement() == 0) {
                    throw new IllegalStateException("broker refused the message");
                }
                return message;
            }
        };
        try (LiveClient client = LiveClient.connect(port, username, "pass-" + username)) {
            BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
            client.subscribe(topic, frames);
            Thread.sleep(200);
            live.shutDown();
            brokerChannel.addInterceptor(failOnce);
            try {
                var first = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(0, 4)));
                assertThat(first.status()).as("a failed push does not fail the command").isEqualTo(201);
                assertThat(frames.poll(500, TimeUnit.MILLISECONDS)).as("its send failed").isNull();

                var second = alice.post("/api/documents/" + doc + "/annotations", Map.of("target", position(5, 9)));
                assertThat(second.status()).isEqualTo(201);
                JsonNode retried = frames.poll(10, TimeUnit.SECONDS);
                JsonNode next = frames.poll(10, TimeUnit.SECONDS);
                JsonNode stored = storedEvents(alice, doc);
                assertThat(retried).as("read back from the store").isEqualTo(asPushed(stored.get(1)));
                assertThat(next).isEqualTo(asPushed(stored.get(2)));
                assertThat(failures.get()).isEqualTo(3);
            } finally {
                brokerChannel.removeInterceptor(failOnce);
                live.start();
            }
            assertThat(frames.poll(1, TimeUnit.SECONDS)).as("the restarted processor pushes nothing twice").isNull();
        }
    }

    private JsonNode storedEvents(ApiClient client, String doc) {
        return client.get("/api/documents/" + doc + "/events?after=-1").json();
    }

    /** The history API adds the actor's display name, which the push leaves to the client. */
    private static JsonNode asPushed(JsonNode stored) {
        return ((ObjectNode) stored.deepCopy()).without("actorName");
    }

    private void storeAsAnotherNodeWould(String doc, long revision, DocumentEvent event, String previousHash,
                                         String actor) {
        MetaData stamp = EventStamp.stamp(event, revision, previousHash, MetaData.with(EventStamp.ACTOR, actor));
        eventStore.publish(new GenericDomainEventMessage<>("DocumentAnnotations", doc, revision, event, stamp));
    }
}
