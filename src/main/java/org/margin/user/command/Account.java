package org.margin.user.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.margin.user.api.AccountEvent;
import org.margin.user.api.RecordAccountChange;
import org.margin.integrity.EventStamp;
import org.margin.integrity.HashChain;

/**
 * The record of one user's account: its creation and its API tokens, hash-chained like every other
 * stream, so the audit log can show them. Credentials themselves live outside events, in the user store.
 */
@Aggregate
public class Account {

    @AggregateIdentifier
    private String accountId;
    private long revision = -1;
    private String lastHash = HashChain.GENESIS;

    protected Account() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(RecordAccountChange command, MetaData metaData) {
        long next = revision + 1;
        apply(command.change(), EventStamp.stamp(command.change(), next, lastHash, metaData));
        return next;
    }

    @EventSourcingHandler
    void on(AccountEvent event, @SequenceNumber long sequence, @MetaDataValue(EventStamp.HASH) String hash) {
        accountId = AccountEvent.streamId(event.username());
        revision = sequence;
        lastHash = hash;
    }
}
