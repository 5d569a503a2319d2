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
}
