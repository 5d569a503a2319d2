package org.margin.demo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.margin.document.api.AddAnnotation;
import org.margin.document.api.EventMetadata;
import org.margin.document.api.Format;
import org.margin.document.api.RegisterDocument;
import org.margin.document.api.Source;
import org.margin.document.api.Target;
import org.margin.document.api.TextQuoteSelector;
import org.margin.group.Groups;
import org.margin.group.api.CreateGroup;
import org.margin.storage.MongoEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * On the first embedded start, a demo group owned by admin with one multilingual sample document and
 * two notes, so a newcomer sees something at once. Off with {@code margin.demo=false}. Its identifiers are
 * planned and stored first, so a start stopped halfway through it (the demo is made after "Started") is
 * completed by the next one.
 */
@Component
@Order(10)
class DemoBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoBootstrap.class);
    static final String COLLECTION = "demo";
    private static final String PLAN = "demo";

    private final Groups groups;
    private final CommandGateway commands;
    private final MongoEndpoint endpoint;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final boolean enabled;
    private final Duration currentWait;
    private final MongoCollection<Document> plans;

    @Autowired
    DemoBootstrap(Groups groups, CommandGateway commands, MongoEndpoint endpoint, EventStore eventStore,
                  EventProcessingConfiguration processing, MongoDatabase database,
                  @Value("${margin.demo:true}") boolean enabled) {
        this(groups, commands, endpoint, eventStore, processing, database, enabled, Duration.ofSeconds(60));
    }

    DemoBootstrap(Groups groups, CommandGateway commands, MongoEndpoint endpoint, EventStore eventStore,
                  EventProcessingConfiguration processing, MongoDatabase database, boolean enabled,
                  Duration currentWait) {
        this.groups = groups;
        this.commands = commands;
        this.endpoint = endpoint;
        this.eventStore = eventStore;
        this.processing = processing;
        this.enabled = enabled;
        this.currentWait = currentWait;
        this.plans = database.getCollection(COLLECTION);
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!enabled || !endpoint.embedded()) {
            return;
        }
        Document plan = plans.find(Filters.eq("_id", PLAN)).first();
        if (plan == null) {
            if (!groupsViewCurrent() || !groups.isEmpty()) {
                return;
            }
            plan = newPlan();
            try {
                plans.insertOne(plan);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                return;   // another node planned it first, and makes it
            }
        }
        if (plan.getBoolean("complete", false)) {
            return;
        }
        try {
            complete(plan);
        } catch (RuntimeException e) {
            log.warn("The demo is not complete ({}); the next start completes it", e.toString());
        }
    }

    /**
     * Sends the demo's commands that its streams do not hold yet. The identifiers are fixed by the plan, and
     * each stream's last revision says how far an earlier, interrupted run came.
     */
    private void complete(Document plan) throws IOException {
        String groupId = plan.getString("groupId");
        String documentId = plan.getString("documentId");
        List<String> notes = plan.getList("notes", String.class);
        if (eventStore.lastSequenceNumberFor(groupId).isEmpty()) {
            send(new CreateGroup(groupId, "Demo group", "admin"));
        }
        groups.awaitRevision(groupId, 0, Duration.ofSeconds(10));
        long revision = eventStore.lastSequenceNumberFor(documentId).orElse(-1L);
        if (revision < 0) {
            send(new RegisterDocument(documentId, groupId, "Welcome to Margin", Format.MARKDOWN, sample(), "en"));
        }
        if (revision < 1) {
            send(new AddAnnotation(documentId, notes.get(0), quote("Every change is stored as an event"),
                    "This is what makes **replay** and **audit** possible.", List.of("event-sourcing"),
                    List.of(new Source(null, "https://www.w3.org/TR/annotation-model/", null, null,
                            "Web Annotation Data Model")), null));
        }
        if (revision < 2) {
            send(new AddAnnotation(documentId, notes.get(1), quote("表情符号 🧭 也只算一个码点"),
                    "Emoji are one code point each, two UTF-16 units.", List.of("unicode", "中文"), List.of(), null));
        }
        plans.updateOne(Filters.eq("_id", PLAN), Updates.set("complete", true));
        log.info("Created the demo group and sample document {}", documentId);
    }

    private static Document newPlan() {
        return new Document("_id", PLAN).append("groupId", UUID.randomUUID().toString())
                .append("documentId", UUID.randomUUID().toString())
                .append("notes", List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString()))
                .append("complete", false);
    }

    /**
     * Whether the groups view has applied every event stored so far. While its processor builds it again
     * (its token reset, or the view lost) it can be empty though groups exist, and a second demo group
     * would then appear; so the view is asked only once it is current, and the demo left out if it does
     * not get there in time.
     */
    private boolean groupsViewCurrent() {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null) {
            return true;
        }
        TrackingEventProcessor processor = processing.eventProcessor(Groups.PROCESSOR, TrackingEventProcessor.class)
                .orElse(null);
        long deadline = System.nanoTime() + currentWait.toNanos();
        while (processor != null && System.nanoTime() < deadline) {
            Collection<EventTrackerStatus> segments = processor.processingStatus().values();
            if (!segments.isEmpty() && segments.stream()
                    .allMatch(s -> s.getTrackingToken() != null && s.getTrackingToken().covers(head))) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        log.info("The groups view did not catch up with the stored events within {} s; no demo group made",
                currentWait.toSeconds());
        return false;
    }

    private void send(Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(EventMetadata.ACTOR, "admin")));
    }

    private static Target quote(String exact) {
        return new Target(List.of(new TextQuoteSelector(exact, null, null)));
    }

    private static String sample() throws IOException {
        try (InputStream in = new ClassPathResource("demo/welcome.md").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
