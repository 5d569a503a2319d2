package org.margin.document.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.margin.common.InvalidInputException;
import org.margin.common.NotFoundException;
import org.margin.common.RevisionConflictException;
import org.margin.common.TooLargeException;
import org.margin.document.api.*;
import org.margin.integrity.HashChain;

class DocumentAnnotationsTest {

    static final String DOC = "doc-1";
    static final String GROUP = "group-1";
    /** 🧭 is one code point but two UTF-16 units, so every offset after it differs between the two. */
    static final String CONTENT = "研究小组 🧭 reads together. Notes 📎 link sources.";
    static final MetaData ALICE = MetaData.with(EventMetadata.ACTOR, "alice");

    FixtureConfiguration<DocumentAnnotations> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DocumentAnnotations.class);
    }

    static RegisterDocument register() {
        return new RegisterDocument(DOC, GROUP, "Notes", Format.TEXT, CONTENT, "zh");
    }

    static Target at(int start, int end) {
        return new Target(List.of(new TextPositionSelector(start, end)));
    }

    static AddAnnotation add(String id, Target target) {
        return new AddAnnotation(DOC, id, target, "a note", List.of("t1"), List.of(), null);
    }

    /** Code-point offsets of a substring of CONTENT. */
    static int cp(String text) {
        int utf16 = CONTENT.indexOf(text);
        return CONTENT.codePointCount(0, utf16);
    }

    TestExecutor<DocumentAnnotations> given(Object... commands) {
        TestExecutor<DocumentAnnotations> executor = fixture.givenCommands(register());
        return commands.length == 0 ? executor : fixture.givenCommands(prepend(register(), commands));
    }

    static List<Object> prepend(Object first, Object[] rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        Collections.addAll(all, rest);
        return all;
    }

    @Nested
    class Registering {

        @Test
        void registersADocumentAsRevisionZero() {
            fixture.givenNoPriorActivity()
                    .when(register(), ALICE)
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DocumentRegistered(DOC, GROUP, "Notes", Format.TEXT, CONTENT, "zh"));
        }

        @Test
        void rejectsEmptyContent() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterDocument(DOC, GROUP, "Notes", Format.TEXT, "", null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
        }

        @Test
        void rejectsContentOverFiveMegabytes() {
            String big = "字".repeat(Limits.MAX_CONTENT_BYTES / 3 + 1);
            fixture.givenNoPriorActivity()
                    .when(new RegisterDocument(DOC, GROUP, "Big", Format.TEXT, big, null), ALICE)
                    .expectException(TooLargeException.class).expectNoEvents();
        }

        @Test
        void rejectsMissingFormatBlankTitleAndBadLanguage() {
            fixture.givenNoPriorActivity().when(new RegisterDocument(DOC, GROUP, "T", null, "x", null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
            fixture.givenNoPriorActivity().when(new RegisterDocument(DOC, GROUP, "  ", Format.TEXT, "x", null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
            fixture.givenNoPriorActivity().when(new RegisterDocument(DOC, GROUP, "T", Format.TEXT, "x", "not a tag!"), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
        }
    }

    @Nested
    class Adding {

        @Test
        void anchorsByCodePointsAndFillsInQuoteAndContext() {
            int start = cp("reads");
            given().when(add("a1", at(start, start + 5)), ALICE)
                    .expectResultMessagePayload(1L)
                    .expectEvents(new AnnotationAdded(DOC, "a1", Target.of(
                            new TextQuoteSelector("reads", "研究小组 🧭 ", " together. Notes 📎 link sources."),
                            new TextPositionSelector(start, start + 5)), "a note", List.of("t1"), List.of()));
        }

        @Test
        void locatesAQuoteGivenWithoutPosition() {
            Target quoteOnly = new Target(List.of(new TextQuoteSelector("📎 link", null, null)));
            int start = cp("📎 link");
            given().when(add("a1", quoteOnly), ALICE)
                    .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                            org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                    org.axonframework.test.matchers.Matchers.predicate(p ->
                                            ((AnnotationAdded) p).target().position().orElseThrow()
                                                    .equals(new TextPositionSelector(start, start + 6))))));
        }

        @Test
        void rejectsUtf16OffsetsWithAHint() {
            int utf16 = CONTENT.indexOf("reads");
            Target target = new Target(List.of(new TextQuoteSelector("reads", null, null),
                    new TextPositionSelector(utf16, utf16 + 5)));
            given().when(add("a1", target), ALICE)
                    .expectException(InvalidInputException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("UTF-16"))
                    .expectNoEvents();
        }

        @Test
        void rejectsAQuoteThatDoesNotMatchThePosition() {
            Target target = new Target(List.of(new TextQuoteSelector("Notes", null, null), new TextPositionSelector(0, 4)));
            given().when(add("a1", target), ALICE).expectException(InvalidInputException.class).expectNoEvents();
        }

        @Test
        void rejectsAWrongPrefix() {
            int start = cp("reads");
            Target target = new Target(List.of(new TextQuoteSelector("reads", "elsewhere ", null),
                    new TextPositionSelector(start, start + 5)));
            given().when(add("a1", target), ALICE).expectException(InvalidInputException.class).expectNoEvents();
        }

        @Test
        void rejectsPositionsOutsideTheText() {
            int length = CONTENT.codePointCount(0, CONTENT.length());
            given().when(add("a1", at(3, length + 1)), ALICE).expectException(InvalidInputException.class).expectNoEvents();
            given().when(add("a1", at(5, 5)), ALICE).expectException(InvalidInputException.class).expectNoEvents();
            given().when(add("a1", at(-1, 2)), ALICE).expectException(InvalidInputException.class).expectNoEvents();
        }

        @Test
        void rejectsAnAmbiguousOrMissingQuote() {
            Target ambiguous = new Target(List.of(new TextQuoteSelector("s", null, null)));
            given().when(add("a1", ambiguous), ALICE).expectException(InvalidInputException.class).expectNoEvents();
            Target missing = new Target(List.of(new TextQuoteSelector("absent", null, null)));
            given().when(add("a1", missing), ALICE).expectException(InvalidInputException.class).expectNoEvents();
            given().when(add("a1", new Target(List.of())), ALICE).expectException(InvalidInputException.class);
        }

        @Test
        void rejectsTooManyTagsAndTooLongNotes() {
            List<String> tags = IntStream.rangeClosed(0, Limits.MAX_TAGS).mapToObj(i -> "t" + i).toList();
            given().when(new AddAnnotation(DOC, "a1", at(0, 2), "x", tags, List.of(), null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
            String longNote = "🧭".repeat(Limits.MAX_NOTE_CODE_POINTS + 1);
            given().when(new AddAnnotation(DOC, "a1", at(0, 2), longNote, List.of(), List.of(), null), ALICE)
                    .expectException(TooLargeException.class).expectNoEvents();
        }

        @Test
        void acceptsANoteOfExactlyTheLimitInCodePointsEvenWhenLongerInUtf16() {
            String note = "🧭".repeat(Limits.MAX_NOTE_CODE_POINTS);
            given().when(new AddAnnotation(DOC, "a1", at(0, 2), note, List.of(), List.of(), null), ALICE)
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void normalisesDoisAndRejectsBadSources() {
            given().when(new AddAnnotation(DOC, "a1", at(0, 2), "x", List.of(),
                            List.of(new Source(null, null, "https://doi.org/10.1000/xyz123", null, null)), null), ALICE)
                    .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                            org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                    org.axonframework.test.matchers.Matchers.predicate(p ->
                                            ((AnnotationAdded) p).sources().get(0).doi().equals("10.1000/xyz123")))));
            given().when(new AddAnnotation(DOC, "a1", at(0, 2), "x", List.of(),
                            List.of(new Source(null, null, null, null, "title only")), null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
            given().when(new AddAnnotation(DOC, "a1", at(0, 2), "x", List.of(),
                            List.of(new Source(null, "javascript:alert(1)", null, null, null)), null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
            given().when(new AddAnnotation(DOC, "a1", at(0, 2), "x", List.of(),
                            List.of(new Source(null, null, "11.2/x", null, null)), null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
        }
    }

    @Nested
    class Editing {

        @Test
        void changesTheBody() {
            given(add("a1", at(0, 2)))
                    .when(new EditAnnotation(DOC, "a1", "better", null, null, null, null, 1L), ALICE)
                    .expectResultMessagePayload(2L)
                    .expectEvents(new AnnotationEdited(DOC, "a1", "better", null));
        }

        @Test
        void anEditThatChangesNothingRecordsNothing() {
            given(add("a1", at(0, 2)))
                    .when(new EditAnnotation(DOC, "a1", "a note", null, List.of("t1"), null, null, null), ALICE)
                    .expectResultMessagePayload(1L)
                    .expectNoEvents();
        }

        @Test
        void rejectsABodyEditBasedOnARevisionOlderThanTheNotesLastEdit() {
            given(add("a1", at(0, 2)), new EditAnnotation(DOC, "a1", "bob's text", null, null, null, null, 1L))
                    .when(new EditAnnotation(DOC, "a1", "alice's text", null, null, null, null, 1L), ALICE)
                    .expectException(RevisionConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void theConflictCarriesTheCurrentRevision() {
            given(add("a1", at(0, 2)), new EditAnnotation(DOC, "a1", "bob's text", null, null, null, null, 1L),
                    new AddReply(DOC, "a1", "r1", "a reply", null))
                    .when(new EditAnnotation(DOC, "a1", "alice's text", null, null, null, null, 1L), ALICE)
                    .expectException(org.axonframework.test.matchers.Matchers.<Throwable>predicate(e ->
                            e instanceof RevisionConflictException c && c.currentRevision() == 3));
        }

        @Test
        void editsOfDifferentNotesDoNotConflict() {
            given(add("a1", at(0, 2)), add("a2", at(3, 4)),
                    new EditAnnotation(DOC, "a2", "someone else's edit", null, null, null, null, 2L))
                    .when(new EditAnnotation(DOC, "a1", "mine", null, null, null, null, 2L), ALICE)
                    .expectEvents(new AnnotationEdited(DOC, "a1", "mine", null));
        }

        @Test
        void tagsAreRecordedAsChangesSoConcurrentTaggersMerge() {
            given(add("a1", at(0, 2)), new EditAnnotation(DOC, "a1", null, null, null, List.of("bob"), null, 1L))
                    .when(new EditAnnotation(DOC, "a1", null, null, null, List.of("alice"), List.of("t1"), 1L), ALICE)
                    .expectEvents(new AnnotationTagsChanged(DOC, "a1", List.of("alice"), List.of("t1")));
        }

        @Test
        void replacingTheTagSetRecordsWhatWasAddedAndRemoved() {
            given(add("a1", at(0, 2)))
                    .when(new EditAnnotation(DOC, "a1", null, null, List.of("t2", "t3"), null, null, null), ALICE)
                    .expectEvents(new AnnotationTagsChanged(DOC, "a1", List.of("t2", "t3"), List.of("t1")));
        }

        @Test
        void movesTheTargetAfterCheckingIt() {
            int start = cp("Notes");
            given(add("a1", at(0, 2)))
                    .when(new EditAnnotation(DOC, "a1", null, at(start, start + 5), null, null, null, null), ALICE)
                    .expectEvents(new AnnotationEdited(DOC, "a1", null, Target.of(
                            new TextQuoteSelector("Notes", "研究小组 🧭 reads together. ", " 📎 link sources."),
                            new TextPositionSelector(start, start + 5))));
            given(add("a1", at(0, 2)))
                    .when(new EditAnnotation(DOC, "a1", null, at(0, 999), null, null, null, null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
        }

        @Test
        void anUnknownNoteIsNotFound() {
            given().when(new EditAnnotation(DOC, "nope", "x", null, null, null, null, null), ALICE)
                    .expectException(NotFoundException.class).expectNoEvents();
        }

        @Test
        void anExpectedRevisionAheadOfTheDocumentIsAConflict() {
            given(add("a1", at(0, 2)))
                    .when(new EditAnnotation(DOC, "a1", "x", null, null, null, null, 7L), ALICE)
                    .expectException(RevisionConflictException.class).expectNoEvents();
        }
    }

    @Nested
    class Deleting {

        @Test
        void deletesANote() {
            given(add("a1", at(0, 2))).when(new DeleteAnnotation(DOC, "a1", 1L), ALICE)
                    .expectEvents(new AnnotationDeleted(DOC, "a1"));
        }

        @Test
        void rejectsADeleteOfANoteChangedSinceTheExpectedRevision() {
            given(add("a1", at(0, 2)), new AddReply(DOC, "a1", "r1", "I disagree", null))
                    .when(new DeleteAnnotation(DOC, "a1", 1L), ALICE)
                    .expectException(RevisionConflictException.class).expectNoEvents();
        }

        @Test
        void aDeletedNoteTakesNoFurtherCommands() {
            given(add("a1", at(0, 2)), new DeleteAnnotation(DOC, "a1", null))
                    .when(new AddReply(DOC, "a1", "r1", "late", null), ALICE)
                    .expectException(NotFoundException.class).expectNoEvents();
        }
    }

    @Nested
    class Discussing {

        @Test
        void repliesMergeWhateverTheExpectedRevision() {
            given(add("a1", at(0, 2)), new AddReply(DOC, "a1", "r1", "first", 1L))
                    .when(new AddReply(DOC, "a1", "r2", "回复 🧭", 1L), ALICE)
                    .expectEvents(new ReplyAdded(DOC, "a1", "r2", "回复 🧭"));
        }

        @Test
        void rejectsABlankReply() {
            given(add("a1", at(0, 2))).when(new AddReply(DOC, "a1", "r1", "  ", null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
        }

        @Test
        void linksAndUnlinksSources() {
            Source source = new Source("s1", "https://example.org/paper", null, null, "Paper");
            given(add("a1", at(0, 2))).when(new LinkSource(DOC, "a1", source, null), ALICE)
                    .expectEvents(new SourceLinked(DOC, "a1", source));
            given(add("a1", at(0, 2)), new LinkSource(DOC, "a1", source, null))
                    .when(new UnlinkSource(DOC, "a1", "s1", null), ALICE)
                    .expectEvents(new SourceUnlinked(DOC, "a1", "s1"));
            given(add("a1", at(0, 2))).when(new UnlinkSource(DOC, "a1", "nope", null), ALICE)
                    .expectException(NotFoundException.class).expectNoEvents();
        }

        @Test
        void rejectsTheFiftyFirstSource() {
            Object[] fifty = IntStream.range(0, Limits.MAX_SOURCES)
                    .mapToObj(i -> new LinkSource(DOC, "a1", new Source("s" + i, null, null, "cite " + i, null), null))
                    .toArray();
            Object[] history = prepend(add("a1", at(0, 2)), fifty).toArray();
            given(history).when(new LinkSource(DOC, "a1", new Source("s50", null, null, "one more", null), null), ALICE)
                    .expectException(InvalidInputException.class).expectNoEvents();
        }

        @Test
        void resolvesAndReopensOnlyWhenThatChangesSomething() {
            given(add("a1", at(0, 2))).when(new ResolveAnnotation(DOC, "a1", null), ALICE)
                    .expectEvents(new AnnotationResolved(DOC, "a1"));
            given(add("a1", at(0, 2)), new ResolveAnnotation(DOC, "a1", null))
                    .when(new ResolveAnnotation(DOC, "a1", null), ALICE)
                    .expectResultMessagePayload(2L).expectNoEvents();
            given(add("a1", at(0, 2)), new ResolveAnnotation(DOC, "a1", null))
                    .when(new ReopenAnnotation(DOC, "a1", null), ALICE)
                    .expectEvents(new AnnotationReopened(DOC, "a1"));
            given(add("a1", at(0, 2))).when(new ReopenAnnotation(DOC, "a1", null), ALICE).expectNoEvents();
        }
    }

    @Nested
    class HashChaining {

        @Test
        void everyEventCarriesTheActorAndAHashChainedToThePreviousEvent() {
            ResultValidator<DocumentAnnotations> result = given(add("a1", at(0, 2)))
                    .when(new EditAnnotation(DOC, "a1", "new text", null, List.of("x"), null, null, null), ALICE);
            result.expectEventsMatching(org.axonframework.test.matchers.Matchers.sequenceOf(
                    org.axonframework.test.matchers.Matchers.predicate(m -> chained((EventMessage<?>) m, 2)),
                    org.axonframework.test.matchers.Matchers.predicate(m -> chained((EventMessage<?>) m, 3))));
        }

        boolean chained(EventMessage<?> message, long revision) {
            Map<String, Object> meta = message.getMetaData();
            String expected = HashChain.hash(message.getPayloadType().getSimpleName(), revision,
                    (String) meta.get(EventMetadata.ACTOR), (String) meta.get(EventMetadata.TIMESTAMP),
                    message.getPayload(), (String) meta.get(EventMetadata.PREVIOUS_HASH));
            return "alice".equals(meta.get(EventMetadata.ACTOR)) && expected.equals(meta.get(EventMetadata.HASH));
        }
    }
}
