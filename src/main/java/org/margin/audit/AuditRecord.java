package org.margin.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One stored event as the audit log lists it: where, who, when, what, and a one-line summary. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(long revision, String documentId, String groupId, String type, String actor,
                          Instant timestamp, String summary) {
}
