package org.margin.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.margin.group.Groups;
import org.margin.storage.MongoEndpoint;
import org.margin.storage.StoredEvents;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo is created once, on a store without groups: completed by the next start when a stop cut it short,
 * and not made again while the groups view is empty because its processor is building it again from events
 * that hold the demo group.
 */
@TestPropertySource(properties = "margin.test.store=demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DemoBootstrapTest extends ApiTestBase {

    @Autowired
    Groups groups;
    @Autowired
    CommandGateway commands;
    @Autowired
    MongoEndpoint endpoint;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    MongoDatabase database;

    @Test
    void theDemoIsCompletedAfterAStopCutItShortAndCreatedOnlyOnce() throws Exception {
        assumeTrue(endpoint.embedded(), "the demo is made on the embedded store only");
        long before = database.getCollection(StoredEvents.EVENTS).countDocuments();

        // the app stops after the demo's group and document: the command bus is gone for its notes
        demo(stoppingAfter(2), Duration.ofSeconds(60)).run(null);
        assertThat(database.getCollection(StoredEvents.EVENTS).countDocuments() - before)
                .as("events of the interrupted demo: its group and document").isEqualTo(2);

        demo(commands, Duration.ofSeconds(60)).run(null);
        long events = database.getCollection(StoredEvents.EVENTS).countDocuments();
        assertThat(events - before).as("events of the demo: its group, document and two notes").isEqualTo(4);
        assertThat(groupNames()).containsExactly("Demo group");
        String documentId = admin.get("/api/documents?groupId=" + admin.get("/api/groups").json().get(0)
                .get("id").asText()).json().get(0).get("id").asText();
        assertThat(viewAt(admin, documentId, 2).get("annotations")).hasSize(2);

        demo(commands, Duration.ofSeconds(60)).run(null);
        assertThat(database.getCollection(StoredEvents.EVENTS).countDocuments())
                .as("events after a further start").isEqualTo(events);

        // a store from before the demo was planned, with the groups view emptied and its processor set back
        // to the first event, but not yet running
        database.getCollection(DemoBootstrap.COLLECTION).deleteMany(new Document());
        TrackingEventProcessor memberships = processing.eventProcessor(Groups.PROCESSOR, TrackingEventProcessor.class)
                .orElseThrow();
        memberships.shutDown();
        database.getCollection("groups").deleteMany(new Document());
        database.getCollection("memberships").deleteMany(new Document());
        memberships.resetTokens();
        demo(commands, Duration.ofMillis(500)).run(null);
        assertThat(database.getCollection(StoredEvents.EVENTS).countDocuments())
                .as("events after a run while the groups view lagged").isEqualTo(events);

        memberships.start();
        demo(commands, Duration.ofSeconds(60)).run(null);
        assertThat(database.getCollection(StoredEvents.EVENTS).countDocuments())
                .as("events after a run once it had caught up").isEqualTo(events);
        assertThat(groupNames()).containsExactly("Demo group");
    }

    /** The real gateway for the first {@code count} commands; after that, what a closed command bus answers. */
    private CommandGateway stoppingAfter(int count) {
        AtomicInteger sent = new AtomicInteger();
        return (CommandGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CommandGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendAndWait") && sent.incrementAndGet() > count) {
                        throw new NoHandlerForCommandException("No handler was subscribed for the command");
                    }
                    try {
                        return method.invoke(commands, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private DemoBootstrap demo(CommandGateway gateway, Duration currentWait) {
        return new DemoBootstrap(groups, gateway, endpoint, eventStore, processing, database, true, currentWait);
    }

    private List<String> groupNames() {
        List<String> names = new ArrayList<>();
        admin.get("/api/groups").json().forEach(g -> names.add(g.get("name").asText()));
        return names;
    }
}
