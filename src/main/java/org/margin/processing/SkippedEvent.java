package org.margin.processing;

import java.time.Instant;

/** An event a processor left out of its view because applying it failed for a reason other than the store. */
public record SkippedEvent(String processor, String stream, long revision, String type, String error, Instant at) {
}
