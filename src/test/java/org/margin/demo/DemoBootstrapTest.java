package org.margin.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The demo is created once, on a store without groups: not again while the groups view is empty because its
 * processor is building it again from events that hold the demo group.
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
    void theDemoIsCreatedOnceEvenWhenTheGroupsViewIsEmptyAgain() throws Exception {
        assumeTrue(endpoint.embedded(), "the demo is made on the embedded store only");
        long before = database.getCollection(StoredEvents.EVENTS).countDocuments();
        demo(Duration.ofSeconds(60)).run(null);
        long events = database.getCollection(StoredEvents.EVENTS).countDocuments();
        assertThat(events - before).as("events of the demo: its group, document and two notes").isEqualTo(4);
        assertThat(groupNames()).containsExactly("Demo group");

        // the groups view emptied and its processor set back to the first event, but not yet running
        TrackingEventProcessor memberships = processing.eventProcessor(Groups.PROCESSOR, TrackingEventProcessor.class)
                .orElseThrow();
        memberships.shutDown();
        database.getCollection("groups").deleteMany(new Document());
        database.getCollection("memberships").deleteMany(new Document());
        memberships.resetTokens();
        demo(Duration.ofMillis(500)).run(null);
        assertThat(database.getCollection(StoredEvents.EVENTS).countDocuments())
                .as("events after a run while the groups view lagged").isEqualTo(events);

        memberships.start();
        demo(Duration.ofSeconds(60)).run(null);
        assertThat(database.getCollection(StoredEvents.EVENTS).countDocuments())
                .as("events after a run once it had caught up").isEqualTo(events);
        assertThat(groupNames()).containsExactly("Demo group");
    }

    private DemoBootstrap demo(Duration currentWait) {
        return new DemoBootstrap(groups, commands, endpoint, eventStore, processing, true, currentWait);
    }

    private List<String> groupNames() {
        List<String> names = new ArrayList<>();
        admin.get("/api/groups").json().forEach(g -> names.add(g.get("name").asText()));
        return names;
    }
}
