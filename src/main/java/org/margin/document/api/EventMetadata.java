package org.margin.document.api;

/** Metadata keys every document event carries. */
public final class EventMetadata {

    /** Username of whoever sent the command; set once, by the dispatch interceptor. */
    public static final String ACTOR = "actor";
    /** ISO-8601 instant (millisecond precision) at which the aggregate decided the event. */
    public static final String TIMESTAMP = "timestamp";
    public static final String HASH = "hash";
    public static final String PREVIOUS_HASH = "previousHash";
    public static final String CLIENT_ID = "clientId";

    private EventMetadata() {
    }
}
