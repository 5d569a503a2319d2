package org.margin.document.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.margin.document.api.Format;

/** A document in the catalogue; {@code content} is null in listings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentSummary(String id, String groupId, String title, Format format, String language,
                              String content, long revision, int annotationCount, Instant updatedAt) {
}
