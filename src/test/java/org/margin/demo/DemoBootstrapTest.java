package org.margin.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoDatabase;
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

/** The demo is created on a store without events, once: not again when the views are empty but the events are not. */
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
    void theDemoIsCreatedOnceEvenWhenTheGroupsViewIsEmptyAgain() throws Exception {
        assumeTrue(endpoint.embedded(), "the demo is made on the embedded store only");
        DemoBootstrap demo = new DemoBootstrap(groups, commands, endpoint, eventStore, processing, true);

        long before = database.getCollection(StoredEvents.EVENTS).countDocuments();
        demo.run(null);
        long events = database.getCollection(StoredEvents.EVENTS).countDocuments();
        assertThat(events - before).as("events of the demo: its group, document and two notes").isEqualTo(4);
        assertThat(admin.get("/api/groups").json()).extracting(g -> g.get("name").asText()).containsExactly("Demo group");

        // as after a new views file: the events are there, the groups view is empty and its processor
        // starts again from the first event
        TrackingEventProcessor memberships = processing.eventProcessor(Groups.PROCESSOR, TrackingEventProcessor.class)
                .orElseThrow();
        memberships.shutDown();
        database.getCollection("groups").deleteMany(new Document());
        database.getCollection("memberships").deleteMany(new Document());
        memberships.resetTokens();
        memberships.start();
        demo.run(null);
        assertThat(database.getCollection(StoredEvents.EVENTS).countDocuments()).isEqualTo(events);
        assertThat(admin.get("/api/groups").json()).extracting(g -> g.get("name").asText()).containsExactly("Demo group");
    }
}
