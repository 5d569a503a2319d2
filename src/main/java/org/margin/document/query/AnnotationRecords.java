package org.margin.document.query;

import java.time.Instant;
import java.util.List;
import org.bson.BsonBinaryWriter;
import org.bson.BsonWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.margin.document.api.Selector;
import org.margin.document.api.Source;
import org.margin.document.api.TextPositionSelector;
import org.margin.document.api.TextQuoteSelector;

/**
 * An annotation view's stored record written straight to BSON: the same bytes as the view mapped by the
 * application's Jackson settings (fields in declaration order, nulls left out, instants as ISO-8601 text,
 * selectors tagged with their {@code type}) and then encoded by the driver, which
 * {@code AnnotationRecordsTest} holds it to. Mapping through Jackson and the driver's map codec took three
 * quarters of the rebuild thread's samples while it wrote views.
 */
final class AnnotationRecords {

    private AnnotationRecords() {
    }

    /** The record of an annotation: its key first, then the view's fields, its document and its order. */
    static RawBsonDocument record(String key, String documentId, long order, AnnotationView view) {
        BasicOutputBuffer out = new BasicOutputBuffer(1024);
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            w.writeStartDocument();
            w.writeString("_id", key);
            fields(w, view);
            w.writeString("documentId", documentId);
            w.writeInt64("order", order);
            w.writeEndDocument();
        }
        return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
    }

    private static void fields(BsonWriter w, AnnotationView v) {
        string(w, "id", v.id());
        if (v.target() != null) {
            w.writeStartDocument("target");
            if (v.target().selector() != null) {
                w.writeStartArray("selector");
                v.target().selector().forEach(s -> selector(w, s));
                w.writeEndArray();
            }
            w.writeEndDocument();
        }
        if (v.body() != null) {
            w.writeStartDocument("body");
            string(w, "text", v.body().text());
            w.writeEndDocument();
        }
        strings(w, "tags", v.tags());
        if (v.sources() != null) {
            w.writeStartArray("sources");
            v.sources().forEach(s -> source(w, s));
            w.writeEndArray();
        }
        if (v.replies() != null) {
            w.writeStartArray("replies");
            for (AnnotationView.Reply r : v.replies()) {
                if (r == null) {
                    w.writeNull();
                    continue;
                }
                w.writeStartDocument();
                string(w, "id", r.id());
                string(w, "text", r.text());
                string(w, "author", r.author());
                instant(w, "created", r.created());
                w.writeEndDocument();
            }
            w.writeEndArray();
        }
        string(w, "status", v.status());
        string(w, "author", v.author());
        instant(w, "created", v.created());
        instant(w, "modified", v.modified());
        w.writeInt64("createdRevision", v.createdRevision());
        w.writeInt64("modifiedRevision", v.modifiedRevision());
    }

    private static void selector(BsonWriter w, Selector selector) {
        if (selector == null) {
            w.writeNull();
            return;
        }
        w.writeStartDocument();
        if (selector instanceof TextQuoteSelector q) {
            w.writeString("type", "TextQuoteSelector");
            string(w, "exact", q.exact());
            string(w, "prefix", q.prefix());
            string(w, "suffix", q.suffix());
        } else {
            TextPositionSelector p = (TextPositionSelector) selector;
            w.writeString("type", "TextPositionSelector");
            w.writeInt64("start", p.start());
            w.writeInt64("end", p.end());
        }
        w.writeEndDocument();
    }

    private static void source(BsonWriter w, Source s) {
        if (s == null) {
            w.writeNull();
            return;
        }
        w.writeStartDocument();
        string(w, "id", s.id());
        string(w, "url", s.url());
        string(w, "doi", s.doi());
        string(w, "citation", s.citation());
        string(w, "title", s.title());
        w.writeEndDocument();
    }

    private static void strings(BsonWriter w, String name, List<String> values) {
        if (values == null) {
            return;
        }
        w.writeStartArray(name);
        for (String value : values) {
            if (value == null) {
                w.writeNull();
            } else {
                w.writeString(value);
            }
        }
        w.writeEndArray();
    }

    private static void string(BsonWriter w, String name, String value) {
        if (value != null) {
            w.writeString(name, value);
        }
    }

    private static void instant(BsonWriter w, String name, Instant value) {
        if (value != null) {
            w.writeString(name, value.toString());
        }
    }
}
