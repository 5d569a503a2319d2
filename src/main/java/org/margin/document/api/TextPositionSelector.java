package org.margin.document.api;

/** Start (inclusive) and end (exclusive) of the selection, counted in Unicode code points of the content. */
public record TextPositionSelector(long start, long end) implements Selector {
}
