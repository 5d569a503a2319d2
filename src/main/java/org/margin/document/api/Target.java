package org.margin.document.api;

import java.util.List;
import java.util.Optional;

/** What an annotation points at, in the W3C shape: {@code {"selector": [quote, position]}}. */
public record Target(List<Selector> selector) {

    public Target {
        selector = selector == null ? List.of() : List.copyOf(selector);
    }

    public static Target of(TextQuoteSelector quote, TextPositionSelector position) {
        return new Target(List.of(quote, position));
    }

    public Optional<TextQuoteSelector> quote() {
        return selector.stream().filter(TextQuoteSelector.class::isInstance)
                .map(TextQuoteSelector.class::cast).findFirst();
    }

    public Optional<TextPositionSelector> position() {
        return selector.stream().filter(TextPositionSelector.class::isInstance)
                .map(TextPositionSelector.class::cast).findFirst();
    }
}
