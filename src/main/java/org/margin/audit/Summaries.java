package org.margin.audit;

import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.AnnotationEdited;
import org.margin.document.api.AnnotationReopened;
import org.margin.document.api.AnnotationResolved;
import org.margin.document.api.AnnotationTagsChanged;
import org.margin.document.api.DocumentRegistered;
import org.margin.document.api.ReplyAdded;
import org.margin.document.api.SourceLinked;
import org.margin.document.api.SourceUnlinked;
import org.margin.group.api.GroupCreated;
import org.margin.group.api.MemberRemoved;
import org.margin.group.api.MemberRoleSet;
import org.margin.user.api.AccountRegistered;
import org.margin.user.api.TokenCreated;
import org.margin.user.api.TokenRevoked;

/** One line of plain language per event, for people reading the audit log. */
final class Summaries {

    private static final int QUOTE = 40;

    private Summaries() {
    }

    static String of(Object event, String actor) {
        if (event instanceof DocumentRegistered e) {
            return actor + " registered document “" + clip(e.title()) + "”";
        }
        if (event instanceof AnnotationAdded e) {
            String quote = e.target().quote().map(q -> q.exact()).orElse("");
            return actor + " added note " + shortId(e.annotationId()) + " on “" + clip(quote) + "”";
        }
        if (event instanceof AnnotationEdited e) {
            String what = e.body() != null && e.target() != null ? "text and target"
                    : e.body() != null ? "text" : "target";
            return actor + " edited the " + what + " of note " + shortId(e.annotationId());
        }
        if (event instanceof AnnotationTagsChanged e) {
            StringBuilder tags = new StringBuilder();
            e.added().forEach(t -> tags.append(" +").append(t));
            e.removed().forEach(t -> tags.append(" −").append(t));
            return actor + " changed the tags of note " + shortId(e.annotationId()) + ":" + tags;
        }
        if (event instanceof AnnotationDeleted e) {
            return actor + " deleted note " + shortId(e.annotationId());
        }
        if (event instanceof ReplyAdded e) {
            return actor + " replied to note " + shortId(e.annotationId()) + ": “" + clip(e.text()) + "”";
        }
        if (event instanceof SourceLinked e) {
            String link = e.source().doi() != null ? "doi:" + e.source().doi()
                    : e.source().url() != null ? e.source().url() : clip(e.source().citation());
            return actor + " linked note " + shortId(e.annotationId()) + " to " + link;
        }
        if (event instanceof SourceUnlinked e) {
            return actor + " removed a source from note " + shortId(e.annotationId());
        }
        if (event instanceof AnnotationResolved e) {
            return actor + " resolved note " + shortId(e.annotationId());
        }
        if (event instanceof AnnotationReopened e) {
            return actor + " reopened note " + shortId(e.annotationId());
        }
        if (event instanceof GroupCreated e) {
            return actor + " created group “" + clip(e.name()) + "”";
        }
        if (event instanceof MemberRoleSet e) {
            return e.previousRole() == null ? actor + " added " + e.username() + " as " + e.role()
                    : actor + " changed " + e.username() + " from " + e.previousRole() + " to " + e.role();
        }
        if (event instanceof MemberRemoved e) {
            return actor + " removed " + e.username() + " (" + e.previousRole() + ")";
        }
        if (event instanceof AccountRegistered e) {
            return actor + " created user " + e.username() + (e.admin() ? " (ADMIN)" : "");
        }
        if (event instanceof TokenCreated e) {
            return actor + " created API token “" + clip(e.name()) + "” for " + e.username();
        }
        if (event instanceof TokenRevoked e) {
            return actor + " revoked an API token of " + e.username();
        }
        return actor + " recorded " + event.getClass().getSimpleName();
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(8, id.length()));
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.codePointCount(0, flat.length()) <= QUOTE ? flat
                : flat.substring(0, flat.offsetByCodePoints(0, QUOTE)) + "…";
    }
}
