package org.margin.document.api;

import org.margin.integrity.EventStamp;

/** Metadata keys every document event carries (see {@link EventStamp}). */
public final class EventMetadata {

    /** Username of whoever sent the command; set once, by the dispatch interceptor. */
    public static final String ACTOR = EventStamp.ACTOR;
    /** ISO-8601 instant (millisecond precision) at which the aggregate decided the event. */
    public static final String TIMESTAMP = EventStamp.TIMESTAMP;
    public static final String HASH = EventStamp.HASH;
    public static final String PREVIOUS_HASH = EventStamp.PREVIOUS_HASH;
    public static final String CLIENT_ID = EventStamp.CLIENT_ID;

    private EventMetadata() {
    }
}
