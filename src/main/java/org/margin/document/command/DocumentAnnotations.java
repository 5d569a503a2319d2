package org.margin.document.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.common.RevisionConflictException;
import org.margin.document.api.AddAnnotation;
import org.margin.document.api.AddReply;
import org.margin.document.api.AnnotationAdded;
import org.margin.document.api.AnnotationDeleted;
import org.margin.document.api.AnnotationEdited;
import org.margin.document.api.AnnotationReopened;
import org.margin.document.api.AnnotationResolved;
import org.margin.document.api.AnnotationTagsChanged;
import org.margin.document.api.DeleteAnnotation;
import org.margin.document.api.DocumentEvent;
import org.margin.document.api.DocumentRegistered;
import org.margin.document.api.EditAnnotation;
import org.margin.document.api.EventMetadata;
import org.margin.document.api.Limits;
import org.margin.document.api.LinkSource;
import org.margin.document.api.RegisterDocument;
import org.margin.document.api.ReopenAnnotation;
import org.margin.document.api.ReplyAdded;
import org.margin.document.api.ResolveAnnotation;
import org.margin.document.api.SourceLinked;
import org.margin.document.api.SourceUnlinked;
import org.margin.document.api.Target;
import org.margin.document.api.UnlinkSource;
import org.margin.integrity.EventStamp;
import org.margin.integrity.HashChain;

/**
 * The annotation set of one document: one event stream, whose sequence number is the document's revision.
 * Command handlers decide and return the new revision; only the event-sourcing handlers change state.
 * Each event is hashed here, where it is decided, chained to the hash of the event before it.
 * Snapshots (its state serialised field by field), every 100 events and then at intervals that grow with
 * the stream, keep loading a long stream cheap.
 */
@Aggregate(cache = "documentCache", snapshotTriggerDefinition = "documentSnapshots")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class DocumentAnnotations {

    @AggregateIdentifier
    private String documentId;
    private String content;
    private transient DocumentText text;
    private long revision = -1;
    private String lastHash = HashChain.GENESIS;
    private final Map<String, Note> notes = new HashMap<>();

    protected DocumentAnnotations() {
        // for Axon
    }

    @CommandHandler
    public DocumentAnnotations(RegisterDocument command, MetaData metaData) {
        NoteRules.content(command.content());
        if (command.format() == null) {
            throw new InvalidInputException("format", "must be one of text, markdown, html");
        }
        if (command.groupId() == null || command.groupId().isBlank()) {
            throw new InvalidInputException("groupId", "must not be blank");
        }
        record(new DocumentRegistered(command.documentId(), command.groupId(), NoteRules.title(command.title()),
                command.format(), command.content(), NoteRules.language(command.language())), metaData);
    }

    @CommandHandler
    public long handle(AddAnnotation command, MetaData metaData) {
        expectNotAhead(command.expectedRevision());
        if (command.annotationId() == null || notes.containsKey(command.annotationId())) {
            throw new InvalidInputException("annotationId", "must be new");
        }
        Target target = TextAnchor.anchor(text(), command.target());
        return record(new AnnotationAdded(documentId, command.annotationId(), target, NoteRules.body(command.body()),
                NoteRules.tags("tags", command.tags()),
                NoteRules.sources(command.sources(), () -> UUID.randomUUID().toString())), metaData);
    }

    @CommandHandler
    public long handle(EditAnnotation command, MetaData metaData) {
        Note note = note(command.annotationId());
        expectNotAhead(command.expectedRevision());
        String body = command.body() == null ? null : NoteRules.body(command.body());
        Target target = command.target() == null ? null : TextAnchor.anchor(text(), command.target());
        boolean bodyChanges = body != null && !body.equals(note.body);
        boolean targetChanges = target != null && !target.equals(note.target);
        TagChange tags = tagChange(note, command);
        if ((bodyChanges || targetChanges) && command.expectedRevision() != null
                && note.contentRevision > command.expectedRevision()) {
            throw conflict("the note was edited at revision " + note.contentRevision + ", after revision "
                    + command.expectedRevision());
        }
        long result = revision;
        if (bodyChanges || targetChanges) {
            result = record(new AnnotationEdited(documentId, note.id, bodyChanges ? body : null,
                    targetChanges ? target : null), metaData);
        }
        if (!tags.isEmpty()) {
            result = record(new AnnotationTagsChanged(documentId, note.id, tags.added, tags.removed), metaData);
        }
        return result;
    }

    @CommandHandler
    public long handle(DeleteAnnotation command, MetaData metaData) {
        Note note = note(command.annotationId());
        expectNotAhead(command.expectedRevision());
        if (command.expectedRevision() != null && note.lastRevision > command.expectedRevision()) {
            throw conflict("the note changed at revision " + note.lastRevision + ", after revision "
                    + command.expectedRevision());
        }
        return record(new AnnotationDeleted(documentId, note.id), metaData);
    }

    @CommandHandler
    public long handle(AddReply command, MetaData metaData) {
        Note note = note(command.annotationId());
        expectNotAhead(command.expectedRevision());
        return record(new ReplyAdded(documentId, note.id, command.replyId(), NoteRules.reply(command.text())), metaData);
    }

    @CommandHandler
    public long handle(LinkSource command, MetaData metaData) {
        Note note = note(command.annotationId());
        expectNotAhead(command.expectedRevision());
        if (note.sourceIds.size() >= Limits.MAX_SOURCES) {
            throw new InvalidInputException("sources", "at most " + Limits.MAX_SOURCES + " sources per note");
        }
        String id = command.source() == null ? null : command.source().id();
        if (id == null || note.sourceIds.contains(id)) {
            throw new InvalidInputException("source.id", "must be new");
        }
        return record(new SourceLinked(documentId, note.id, NoteRules.source(command.source(), id)), metaData);
    }

    @CommandHandler
    public long handle(UnlinkSource command, MetaData metaData) {
        Note note = note(command.annotationId());
        expectNotAhead(command.expectedRevision());
        if (!note.sourceIds.contains(command.sourceId())) {
            throw new NotFoundException("No source " + command.sourceId() + " on annotation " + note.id);
        }
        return record(new SourceUnlinked(documentId, note.id, command.sourceId()), metaData);
    }

    @CommandHandler
    public long handle(ResolveAnnotation command, MetaData metaData) {
        Note note = note(command.annotationId());
        expectNotAhead(command.expectedRevision());
        return note.resolved ? revision : record(new AnnotationResolved(documentId, note.id), metaData);
    }

    @CommandHandler
    public long handle(ReopenAnnotation command, MetaData metaData) {
        Note note = note(command.annotationId());
        expectNotAhead(command.expectedRevision());
        return note.resolved ? record(new AnnotationReopened(documentId, note.id), metaData) : revision;
    }

    // ---- event sourcing: the only place state changes

    @EventSourcingHandler
    void on(DocumentRegistered event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        this.documentId = event.documentId();
        this.content = event.content();
        this.text = null;
        advance(sequence, hash);
    }

    @EventSourcingHandler
    void on(AnnotationAdded event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        Note note = new Note(event.annotationId(), event.body(), event.target(), sequence);
        note.tags.addAll(event.tags());
        event.sources().forEach(s -> note.sourceIds.add(s.id()));
        notes.put(note.id, note);
    }

    @EventSourcingHandler
    void on(AnnotationEdited event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        Note note = notes.get(event.annotationId());
        note.body = event.body() != null ? event.body() : note.body;
        note.target = event.target() != null ? event.target() : note.target;
        note.contentRevision = sequence;
        note.lastRevision = sequence;
    }

    @EventSourcingHandler
    void on(AnnotationTagsChanged event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        Note note = notes.get(event.annotationId());
        note.tags.removeAll(event.removed());
        note.tags.addAll(event.added());
        note.lastRevision = sequence;
    }

    @EventSourcingHandler
    void on(AnnotationDeleted event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        notes.remove(event.annotationId());
    }

    @EventSourcingHandler
    void on(ReplyAdded event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        notes.get(event.annotationId()).lastRevision = sequence;
    }

    @EventSourcingHandler
    void on(SourceLinked event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        Note note = notes.get(event.annotationId());
        note.sourceIds.add(event.source().id());
        note.lastRevision = sequence;
    }

    @EventSourcingHandler
    void on(SourceUnlinked event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        Note note = notes.get(event.annotationId());
        note.sourceIds.remove(event.sourceId());
        note.lastRevision = sequence;
    }

    @EventSourcingHandler
    void on(AnnotationResolved event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        Note note = notes.get(event.annotationId());
        note.resolved = true;
        note.lastRevision = sequence;
    }

    @EventSourcingHandler
    void on(AnnotationReopened event, @SequenceNumber long sequence, @MetaDataValue(EventMetadata.HASH) String hash) {
        advance(sequence, hash);
        Note note = notes.get(event.annotationId());
        note.resolved = false;
        note.lastRevision = sequence;
    }

    // ---- helpers

    private long record(DocumentEvent event, MetaData commandMetaData) {
        long next = revision + 1;
        apply(event, EventStamp.stamp(event, next, lastHash, commandMetaData));
        return next;
    }

    private void advance(long sequence, String hash) {
        this.revision = sequence;
        this.lastHash = hash;
    }

    private DocumentText text() {
        if (text == null) {
            text = new DocumentText(content);
        }
        return text;
    }

    private Note note(String annotationId) {
        Note note = annotationId == null ? null : notes.get(annotationId);
        if (note == null) {
            throw new NotFoundException("No annotation " + annotationId + " in document " + documentId);
        }
        return note;
    }

    private void expectNotAhead(Long expectedRevision) {
        if (expectedRevision != null && expectedRevision > revision) {
            throw conflict("expectedRevision " + expectedRevision + " is ahead of the document");
        }
    }

    private RevisionConflictException conflict(String message) {
        return new RevisionConflictException(message, revision);
    }

    private TagChange tagChange(Note note, EditAnnotation command) {
        Set<String> wanted = new LinkedHashSet<>(note.tags);
        if (command.tags() != null) {
            wanted = new LinkedHashSet<>(NoteRules.tags("tags", command.tags()));
        }
        wanted.addAll(NoteRules.tags("addTags", command.addTags()));
        wanted.removeAll(NoteRules.tags("removeTags", command.removeTags()));
        if (wanted.size() > Limits.MAX_TAGS) {
            throw new InvalidInputException("tags", "at most " + Limits.MAX_TAGS + " tags per note");
        }
        List<String> added = new ArrayList<>(wanted);
        added.removeAll(note.tags);
        List<String> removed = new ArrayList<>(note.tags);
        removed.removeAll(wanted);
        return new TagChange(List.copyOf(added), List.copyOf(removed));
    }

    private record TagChange(List<String> added, List<String> removed) {
        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    /** What the aggregate must remember of a note to decide the next command. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    private static final class Note {
        String id;
        String body;
        Target target;
        boolean resolved;
        final Set<String> tags = new LinkedHashSet<>();
        final Set<String> sourceIds = new LinkedHashSet<>();
        long contentRevision;
        long lastRevision;

        private Note() {
            // for snapshots
        }

        Note(String id, String body, Target target, long revision) {
            this.id = id;
            this.body = body;
            this.target = target;
            this.contentRevision = revision;
            this.lastRevision = revision;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Note n && id.equals(n.id) && Objects.equals(body, n.body)
                    && Objects.equals(target, n.target) && resolved == n.resolved && tags.equals(n.tags)
                    && sourceIds.equals(n.sourceIds) && contentRevision == n.contentRevision
                    && lastRevision == n.lastRevision;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, body, target, resolved, tags, sourceIds, contentRevision, lastRevision);
        }
    }
}
