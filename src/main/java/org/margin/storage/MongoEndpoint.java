package org.margin.storage;

/**
 * The MongoDB server Margin talks to: the embedded one, or one given by {@code MONGODB_URI}.
 */
public interface MongoEndpoint {

    String connectionString();

    boolean embedded();

    /**
     * Makes accepted writes durable before a command is acknowledged. A real MongoDB does this itself
     * (journaled majority write concern), so only the embedded store has work to do here.
     */
    void flush();

    /**
     * Called when events have been read for an event processor or a rebuild, before anything derived
     * from them is written: makes those events durable first. The embedded store keeps derived
     * collections in a file committed on its own schedule, which must never hold the effect of an event
     * that a crash could take from the events' file. A real MongoDB keeps one durable order for all
     * writes, so there is nothing to do.
     */
    default void eventsRead() {
    }
}
