package org.margin.document.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A link from a note to where its claim comes from: a URL, a DOI, or a free-form citation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(String id, String url, String doi, String citation, String title) {
}
