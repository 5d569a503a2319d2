package org.margin.document.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A W3C Web Annotation selector over a document's text. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TextQuoteSelector.class, name = "TextQuoteSelector"),
        @JsonSubTypes.Type(value = TextPositionSelector.class, name = "TextPositionSelector")
})
public sealed interface Selector permits TextQuoteSelector, TextPositionSelector {
}
