package org.margin.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The result of walking event streams and recomputing their hash chains. */
public record IntegrityReport(boolean ok, long documentsChecked, long groupsChecked, long eventsChecked,
                              List<Problem> problems) {

    /** One broken link, at one revision of one stream. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String documentId, String groupId, long revision, String kind, String detail) {
    }
}
