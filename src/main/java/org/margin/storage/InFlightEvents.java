package org.margin.storage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.DomainEventMessage;

/** The set behind {@link PendingEvents}, kept by {@link DurableCommands}. */
final class InFlightEvents implements PendingEvents {

    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    @Override
    public boolean pending(String aggregateIdentifier, long sequenceNumber) {
        return !keys.isEmpty() && keys.contains(key(aggregateIdentifier, sequenceNumber));
    }

    void add(DomainEventMessage<?> event) {
        keys.add(key(event.getAggregateIdentifier(), event.getSequenceNumber()));
    }

    void remove(DomainEventMessage<?> event) {
        keys.remove(key(event.getAggregateIdentifier(), event.getSequenceNumber()));
    }

    private static String key(String aggregateIdentifier, long sequenceNumber) {
        return sequenceNumber + "/" + aggregateIdentifier;
    }
}
