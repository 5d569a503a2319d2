package org.margin.document.api;

/** The selected text itself, with up to 32 code points of context either side. */
public record TextQuoteSelector(String exact, String prefix, String suffix) implements Selector {
}
