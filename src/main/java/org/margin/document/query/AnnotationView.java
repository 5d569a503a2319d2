package org.margin.document.query;

import java.time.Instant;
import java.util.List;
import org.margin.document.api.Source;
import org.margin.document.api.Target;

/** An annotation as the API shows it (API.md, "Annotation"). */
public record AnnotationView(String id, Target target, Body body, List<String> tags, List<Source> sources,
                             List<Reply> replies, String status, String author, Instant created,
                             Instant modified, long createdRevision, long modifiedRevision) {

    public record Body(String text) {
    }

    public record Reply(String id, String text, String author, Instant created) {
    }

    AnnotationView with(Body body, Target target, List<String> tags, List<Source> sources, List<Reply> replies,
                        String status, RecordedEvent change) {
        return new AnnotationView(id, target, body, List.copyOf(tags), List.copyOf(sources), List.copyOf(replies),
                status, author, created, change.timestamp(), createdRevision, change.revision());
    }
}
