package org.margin.storage;

/**
 * The events this node's commands have published and not yet finished with: between the handler's
 * decision and the end of its unit of work, an event may already be readable from the store before the
 * store has made it durable. Work that must only act on durable events, such as the live push, leaves
 * these to the command, which hands them to {@link CommittedEvents} once they are durable.
 */
public interface PendingEvents {

    boolean pending(String aggregateIdentifier, long sequenceNumber);
}
