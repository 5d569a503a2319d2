package org.margin.document.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a document's content is written. Offsets always count code points of the content as stored. */
public enum Format {
    TEXT, MARKDOWN, HTML;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Format of(String value) {
        for (Format f : values()) {
            if (f.json().equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be one of text, markdown, html");
    }
}
