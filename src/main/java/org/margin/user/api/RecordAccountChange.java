package org.margin.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Puts an account change on the record, in that account's stream. */
public record RecordAccountChange(@TargetAggregateIdentifier String accountId, AccountEvent change) {

    public static RecordAccountChange of(AccountEvent change) {
        return new RecordAccountChange(AccountEvent.streamId(change.username()), change);
    }
}
