package org.margin.group;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.margin.group.api.GroupCreated;
import org.margin.group.api.GroupEvent;
import org.margin.group.api.MemberRemoved;
import org.margin.group.api.MemberRoleSet;
import org.margin.integrity.EventStamp;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code groups} and {@code memberships} collections. Idempotent by the group's revision, and
 * gap-aware like the document projection: a group event ahead of the stored revision makes it read the
 * missing ones from the event store first.
 */
@Component
@ProcessingGroup(Groups.PROCESSOR)
class MembershipProjection {

    private final Groups groups;
    private final EventStore eventStore;

    MembershipProjection(Groups groups, EventStore eventStore) {
        this.groups = groups;
        this.eventStore = eventStore;
    }

    @EventHandler
    void on(GroupEvent event, DomainEventMessage<?> message) {
        long stored = groups.revision(event.groupId());
        if (message.getSequenceNumber() <= stored) {
            return;
        }
        if (message.getSequenceNumber() > stored + 1) {
            eventStore.readEvents(event.groupId(), stored + 1).asStream()
                    .filter(m -> m.getSequenceNumber() < message.getSequenceNumber())
                    .forEach(this::apply);
        }
        apply(message);
    }

    private void apply(DomainEventMessage<?> message) {
        GroupEvent event = (GroupEvent) message.getPayload();
        String actor = (String) message.getMetaData().get(EventStamp.ACTOR);
        Date at = new Date(message.getTimestamp().toEpochMilli());
        if (event instanceof GroupCreated e) {
            groups.groupCollection().updateOne(Filters.eq("_id", e.groupId()), Updates.combine(
                    Updates.setOnInsert("name", e.name()), Updates.setOnInsert("createdBy", e.owner()),
                    Updates.setOnInsert("created", at), Updates.setOnInsert("revision", -1L)),
                    new UpdateOptions().upsert(true));
            member(e.groupId(), e.owner(), Role.OWNER, actor, at);
        } else if (event instanceof MemberRoleSet e) {
            member(e.groupId(), e.username(), e.role(), actor, at);
        } else if (event instanceof MemberRemoved e) {
            groups.membershipCollection().deleteOne(Filters.eq("_id", Groups.membershipId(e.groupId(), e.username())));
            groups.forgetRole(e.groupId(), e.username());
        }
        groups.groupCollection().updateOne(
                Filters.and(Filters.eq("_id", event.groupId()), Filters.lt("revision", message.getSequenceNumber())),
                Updates.set("revision", message.getSequenceNumber()));
    }

    private void member(String groupId, String username, Role role, String by, Date at) {
        String id = Groups.membershipId(groupId, username);
        groups.membershipCollection().replaceOne(Filters.eq("_id", id),
                new Document("_id", id).append("groupId", groupId).append("username", username)
                        .append("role", role.name()).append("addedBy", by).append("added", at),
                new ReplaceOptions().upsert(true));
        groups.forgetRole(groupId, username);
    }
}
