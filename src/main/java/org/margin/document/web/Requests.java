package org.margin.document.web;

import java.util.List;
import org.margin.document.api.Format;
import org.margin.document.api.Target;

/** Request bodies of the document API. Mapped to commands, never passed through. */
final class Requests {

    private Requests() {
    }

    record CreateDocument(String groupId, String title, Format format, String content, String language) {
    }

    record Body(String text) {
    }

    record AddAnnotation(Target target, Body body, List<String> tags, List<SourceInput> sources,
                         Long expectedRevision) {
    }

    record PatchAnnotation(Body body, Target target, List<String> tags, List<String> addTags,
                           List<String> removeTags, Long expectedRevision) {
    }

    record Reply(String text, Long expectedRevision) {
    }

    record SourceInput(String url, String doi, String citation, String title, Long expectedRevision) {
        org.margin.document.api.Source toSource(String id) {
            return new org.margin.document.api.Source(id, url, doi, citation, title);
        }
    }

    record Revision(Long expectedRevision) {
    }
}
