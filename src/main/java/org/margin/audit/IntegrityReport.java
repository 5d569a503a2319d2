package org.margin.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The result of walking event streams and recomputing their hash chains. */
public record IntegrityReport(boolean ok, long documentsChecked, long groupsChecked, long accountsChecked,
                              long eventsChecked, List<Problem> problems) {

    /** One broken link, at one revision of one stream ({@code documentId} or {@code groupId} says which kind). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String stream, String documentId, String groupId, long revision, String kind, String detail) {
    }
}
