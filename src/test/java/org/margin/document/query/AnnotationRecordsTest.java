package org.margin.document.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;
import org.margin.document.api.Selector;
import org.margin.document.api.Source;
import org.margin.document.api.Target;
import org.margin.document.api.TextPositionSelector;
import org.margin.document.api.TextQuoteSelector;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A view's record written straight to BSON is byte for byte what the application's Jackson mapping and the
 * driver's map codec make of the same view, for views of every shape: absent fields, empty and odd lists,
 * Chinese, emoji and NUL in text, instants of every precision, the largest numbers.
 */
class AnnotationRecordsTest extends ApiTestBase {

    private static final String[] TEXTS = {"", "note", "注释 📌", "👩🏽‍🔬 research 研究", "a\u0000b", "\"quoted\" \\ /"};

    @Autowired
    ObjectMapper mapper;

    @Test
    void aRecordIsTheBytesOfTheViewMappedByJacksonAndEncodedByTheDriver() {
        Random random = new Random(20261201);
        for (int i = 0; i < 2_000; i++) {
            AnnotationView view = view(random);
            String documentId = "doc-" + i + (i % 3 == 0 ? "-文档🧭" : "");
            String key = documentId + "/" + view.id();
            long order = random.nextBoolean() ? view.createdRevision() : random.nextLong();
            assertThat(bytes(AnnotationRecords.record(key, documentId, order, view)))
                    .as("view %s", view).isEqualTo(bytes(jackson(key, documentId, order, view)));
        }
    }

    @Test
    void aViewWithOnlyItsRequiredFieldsLeavesTheOthersOut() {
        AnnotationView bare = new AnnotationView("a1", null, null, null, null, null, null, null, null, null, 0, 0);
        RawBsonDocument record = AnnotationRecords.record("d/a1", "d", 0, bare);
        assertThat(record.keySet()).containsExactly("_id", "id", "createdRevision", "modifiedRevision",
                "documentId", "order");
        assertThat(bytes(record)).isEqualTo(bytes(jackson("d/a1", "d", 0, bare)));
    }

    @SuppressWarnings("unchecked")
    private RawBsonDocument jackson(String key, String documentId, long order, AnnotationView view) {
        Document document = new Document("_id", key);
        document.putAll(mapper.convertValue(view, Map.class));
        document.append("documentId", documentId).append("order", order);
        return new RawBsonDocument(document, new DocumentCodec());
    }

    private static byte[] bytes(RawBsonDocument document) {
        var buffer = document.getByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static AnnotationView view(Random random) {
        Target target = random.nextInt(5) == 0 ? null : new Target(selectors(random));
        AnnotationView.Body body = random.nextInt(5) == 0 ? null : new AnnotationView.Body(text(random));
        List<String> tags = random.nextInt(5) == 0 ? null : list(random, 4, () -> text(random));
        List<Source> sources = random.nextInt(5) == 0 ? null : list(random, 3, () -> new Source(text(random),
                maybe(random, "https://example.org/" + random.nextInt()), maybe(random, "10.1000/" + random.nextInt()),
                maybe(random, text(random)), maybe(random, text(random))));
        List<AnnotationView.Reply> replies = random.nextInt(5) == 0 ? null : list(random, 3,
                () -> new AnnotationView.Reply(text(random), maybe(random, text(random)), maybe(random, text(random)),
                        maybe(random, instant(random))));
        long created = random.nextInt(10) == 0 ? Long.MAX_VALUE : random.nextInt(100_000);
        return new AnnotationView("note-" + random.nextInt(1_000) + text(random), target, body, tags, sources, replies,
                maybe(random, random.nextBoolean() ? "open" : "resolved"), maybe(random, text(random)),
                maybe(random, instant(random)), maybe(random, instant(random)), created,
                random.nextInt(10) == 0 ? Long.MIN_VALUE : created + random.nextInt(50));
    }

    private static List<Selector> selectors(Random random) {
        List<Selector> selectors = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            selectors.add(random.nextBoolean()
                    ? new TextQuoteSelector(text(random), maybe(random, text(random)), maybe(random, text(random)))
                    : new TextPositionSelector(random.nextInt(1 << 20), random.nextBoolean() ? Long.MAX_VALUE : random.nextInt()));
        }
        return selectors;
    }

    private static Instant instant(Random random) {
        long seconds = random.nextInt(2_000_000_000);
        return switch (random.nextInt(4)) {
            case 0 -> Instant.ofEpochSecond(seconds);
            case 1 -> Instant.ofEpochMilli(seconds * 1_000 + random.nextInt(1_000));
            case 2 -> Instant.ofEpochSecond(seconds, random.nextInt(1_000_000) * 1_000L);
            default -> Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
        };
    }

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)] + (random.nextBoolean() ? "" : random.nextInt());
    }

    private static <T> T maybe(Random random, T value) {
        return random.nextInt(4) == 0 ? null : value;
    }

    private static <T> List<T> list(Random random, int most, java.util.function.Supplier<T> element) {
        List<T> list = new ArrayList<>();
        for (int n = random.nextInt(most + 1); n > 0; n--) {
            list.add(element.get());
        }
        return list;
    }
}
