package org.margin.audit;

import java.time.Instant;
import java.util.List;

/**
 * Validated audit filters. {@code scope} limits the records to some groups (null: every group, for an
 * ADMIN); the other fields are exact matches, and from/to bound the timestamp.
 */
record AuditQuery(List<String> scope, String groupId, String documentId, String actor, String type,
                  Instant from, Instant to) {
}
