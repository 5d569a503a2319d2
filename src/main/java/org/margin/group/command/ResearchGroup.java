package org.margin.group.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.group.Role;
import org.margin.group.api.CreateGroup;
import org.margin.group.api.GroupCreated;
import org.margin.group.api.GroupEvent;
import org.margin.group.api.MemberRemoved;
import org.margin.group.api.MemberRoleSet;
import org.margin.group.api.RemoveMember;
import org.margin.group.api.SetMemberRole;
import org.margin.integrity.EventStamp;
import org.margin.integrity.HashChain;

/**
 * A research group and its members. Event sourced, with the same hash chain as documents, so every
 * membership change (who added whom with which role, when) is on the record.
 */
@Aggregate
public class ResearchGroup {

    private static final int MAX_NAME = 200;

    @AggregateIdentifier
    private String groupId;
    private long revision = -1;
    private String lastHash = HashChain.GENESIS;
    private final Map<String, Role> members = new HashMap<>();

    protected ResearchGroup() {
        // for Axon
    }

    @CommandHandler
    public ResearchGroup(CreateGroup command, MetaData metaData) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME) {
            throw new InvalidInputException("name", "1 to " + MAX_NAME + " code points");
        }
        record(new GroupCreated(command.groupId(), name, command.owner()), metaData);
    }

    @CommandHandler
    public long handle(SetMemberRole command, MetaData metaData) {
        if (command.role() == null) {
            throw new InvalidInputException("role", "must be one of OWNER, ANNOTATOR, REVIEWER, AUDITOR");
        }
        Role previous = members.get(command.username());
        if (previous == command.role()) {
            return revision;
        }
        if (previous == Role.OWNER) {
            requireAnotherOwner(command.username());
        }
        return record(new MemberRoleSet(groupId, command.username(), command.role(), previous), metaData);
    }

    @CommandHandler
    public long handle(RemoveMember command, MetaData metaData) {
        Role previous = members.get(command.username());
        if (previous == null) {
            throw new NotFoundException(command.username() + " is not a member of this group");
        }
        if (previous == Role.OWNER) {
            requireAnotherOwner(command.username());
        }
        return record(new MemberRemoved(groupId, command.username(), previous), metaData);
    }

    @EventSourcingHandler
    void on(GroupCreated event, @SequenceNumber long sequence, @MetaDataValue(EventStamp.HASH) String hash) {
        groupId = event.groupId();
        members.put(event.owner(), Role.OWNER);
        advance(sequence, hash);
    }

    @EventSourcingHandler
    void on(MemberRoleSet event, @SequenceNumber long sequence, @MetaDataValue(EventStamp.HASH) String hash) {
        members.put(event.username(), event.role());
        advance(sequence, hash);
    }

    @EventSourcingHandler
    void on(MemberRemoved event, @SequenceNumber long sequence, @MetaDataValue(EventStamp.HASH) String hash) {
        members.remove(event.username());
        advance(sequence, hash);
    }

    private void requireAnotherOwner(String leaving) {
        boolean another = members.entrySet().stream()
                .anyMatch(m -> m.getValue() == Role.OWNER && !m.getKey().equals(leaving));
        if (!another) {
            throw new InvalidInputException("role", "a group needs at least one OWNER");
        }
    }

    private long record(GroupEvent event, MetaData command) {
        long next = revision + 1;
        apply(event, EventStamp.stamp(event, next, lastHash, command));
        return next;
    }

    private void advance(long sequence, String hash) {
        revision = sequence;
        lastHash = hash;
    }
}
