package org.margin.group.command;

import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.group.Role;
import org.margin.group.api.CreateGroup;
import org.margin.group.api.GroupCreated;
import org.margin.group.api.MemberRemoved;
import org.margin.group.api.MemberRoleSet;
import org.margin.group.api.RemoveMember;
import org.margin.group.api.SetMemberRole;

class ResearchGroupTest {

    static final MetaData OWNER = MetaData.with("actor", "olga");
    FixtureConfiguration<ResearchGroup> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ResearchGroup.class);
    }

    @Test
    void theCreatorIsTheFirstOwner() {
        fixture.givenNoPriorActivity().when(new CreateGroup("g", "  Policy lab ", "olga"), OWNER)
                .expectEvents(new GroupCreated("g", "Policy lab", "olga"));
    }

    @Test
    void rejectsABlankOrOverlongName() {
        fixture.givenNoPriorActivity().when(new CreateGroup("g", " ", "olga"), OWNER)
                .expectException(InvalidInputException.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(new CreateGroup("g", "组".repeat(201), "olga"), OWNER)
                .expectException(InvalidInputException.class).expectNoEvents();
    }

    @Test
    void recordsJoiningAndRoleChangesWithThePreviousRole() {
        fixture.givenCommands(new CreateGroup("g", "lab", "olga"))
                .when(new SetMemberRole("g", "ann", Role.ANNOTATOR), OWNER)
                .expectResultMessagePayload(1L)
                .expectEvents(new MemberRoleSet("g", "ann", Role.ANNOTATOR, null));
        fixture.givenCommands(new CreateGroup("g", "lab", "olga"), new SetMemberRole("g", "ann", Role.ANNOTATOR))
                .when(new SetMemberRole("g", "ann", Role.REVIEWER), OWNER)
                .expectEvents(new MemberRoleSet("g", "ann", Role.REVIEWER, Role.ANNOTATOR));
    }

    @Test
    void settingTheSameRoleAgainRecordsNothing() {
        fixture.givenCommands(new CreateGroup("g", "lab", "olga"), new SetMemberRole("g", "ann", Role.ANNOTATOR))
                .when(new SetMemberRole("g", "ann", Role.ANNOTATOR), OWNER)
                .expectResultMessagePayload(1L).expectNoEvents();
    }

    @Test
    void theLastOwnerCanNeitherLeaveNorStepDown() {
        fixture.givenCommands(new CreateGroup("g", "lab", "olga"))
                .when(new RemoveMember("g", "olga"), OWNER)
                .expectException(InvalidInputException.class).expectNoEvents();
        fixture.givenCommands(new CreateGroup("g", "lab", "olga"))
                .when(new SetMemberRole("g", "olga", Role.REVIEWER), OWNER)
                .expectException(InvalidInputException.class).expectNoEvents();
        fixture.givenCommands(new CreateGroup("g", "lab", "olga"), new SetMemberRole("g", "pat", Role.OWNER))
                .when(new RemoveMember("g", "olga"), OWNER)
                .expectEvents(new MemberRemoved("g", "olga", Role.OWNER));
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsNotFound() {
        fixture.givenCommands(new CreateGroup("g", "lab", "olga"))
                .when(new RemoveMember("g", "stranger"), OWNER)
                .expectException(NotFoundException.class).expectNoEvents();
    }

    @Test
    void aRoleIsRequired() {
        fixture.givenCommands(new CreateGroup("g", "lab", "olga"))
                .when(new SetMemberRole("g", "ann", null), OWNER)
                .expectException(InvalidInputException.class).expectNoEvents();
    }
}
