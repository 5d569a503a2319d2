package org.margin.user.command;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Test;
import org.margin.integrity.HashChain;
import org.margin.user.api.AccountRegistered;
import org.margin.user.api.RecordAccountChange;
import org.margin.user.api.TokenCreated;
import org.margin.user.api.TokenRevoked;

class AccountTest {

    final AggregateTestFixture<Account> fixture = new AggregateTestFixture<>(Account.class);
    static final MetaData ADMIN = MetaData.with("actor", "admin");

    @Test
    void theFirstChangeOpensTheAccountsStream() {
        fixture.givenNoPriorActivity()
                .when(RecordAccountChange.of(new AccountRegistered("lin", "林", false)), ADMIN)
                .expectResultMessagePayload(0L)
                .expectEvents(new AccountRegistered("lin", "林", false));
    }

    @Test
    void tokenChangesFollowInTheSameChain() {
        fixture.givenCommands(RecordAccountChange.of(new AccountRegistered("lin", "林", false)),
                        RecordAccountChange.of(new TokenCreated("lin", "t1", "ci")))
                .when(RecordAccountChange.of(new TokenRevoked("lin", "t1")), ADMIN)
                .expectResultMessagePayload(2L)
                .expectEventsMatching(Matchers.exactSequenceOf(Matchers.predicate(m -> {
                    EventMessage<?> e = (EventMessage<?>) m;
                    String expected = HashChain.hash("TokenRevoked", 2, "admin",
                            (String) e.getMetaData().get("timestamp"), e.getPayload(),
                            (String) e.getMetaData().get("previousHash"));
                    return expected.equals(e.getMetaData().get("hash"))
                            && !HashChain.GENESIS.equals(e.getMetaData().get("previousHash"));
                })));
    }
}
