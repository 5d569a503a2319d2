package org.margin.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/** Documents come back from the store equal, with the same value types, whichever form they were stored in. */
class DocumentValueTypeTest {

    private final DocumentValueType type = new DocumentValueType();

    @Test
    void aDocumentOfBsonValuesIsStoredAsBsonAndReadBackEqual() {
        Document document = new Document("_id", 42L)
                .append("text", "研究 🧭 notes")
                .append("count", 7)
                .append("ratio", 0.25)
                .append("flag", true)
                .append("none", null)
                .append("at", Instant.ofEpochMilli(1_790_000_000_123L))
                .append("uuid", UUID.fromString("0b9f4a47-69c1-4bde-9d3c-0123456789ab"))
                .append("bytes", new BinData(new byte[] {1, 2, 3}))
                .append("oid", new ObjectId())
                .append("money", new Decimal128(new BigDecimal("12.50")))
                .append("top", MaxKey.getInstance())
                .append("tags", new ArrayList<>(List.of("a", "注释", 3L)))
                .append("nested", new Document("replies", new ArrayList<>(List.of(new Document("by", "ana"), new Document("by", "李")))));

        byte[] stored = write(document);

        assertThat(stored[0]).isEqualTo((byte) DocumentValueType.BSON_DOCUMENT);
        Document read = (Document) read(stored);
        assertThat(read).isEqualTo(document);
        assertThat(read.get("count")).isInstanceOf(Integer.class);
        assertThat(read.get("_id")).isInstanceOf(Long.class);
        assertThat(((Document) read.get("nested")).get("replies")).isInstanceOf(List.class);
    }

    @Test
    void aDocumentBsonWouldChangeIsStoredAsBefore() {
        List<Document> inexact = List.of(
                new Document("at", Instant.ofEpochSecond(1_790_000_000L, 123_456_789)),
                new Document("small", 1.5f),
                new Document("far", Instant.MAX.truncatedTo(ChronoUnit.SECONDS)),
                new Document("deep", new Document("list", new ArrayList<>(List.of((short) 3)))));
        for (Document document : inexact) {
            byte[] stored = write(document);

            assertThat(stored[0]).as("%s", document).isNotEqualTo((byte) DocumentValueType.BSON_DOCUMENT);
            assertThat(read(stored)).isEqualTo(document);
        }
    }

    @Test
    void documentsEncodedInTurnOnOneThreadKeepNothingOfTheOneBefore() throws Exception {
        Document small = new Document("_id", "a").append("text", "短 note");
        byte[] alone = onAFreshThread(() -> DocumentValueType.exactBson(small));
        List<Document> inTurn = List.of(
                new Document("_id", "big").append("text", "文".repeat(1_000_000)),      // past the buffer kept
                small,
                new Document("_id", "mid").append("text", "x".repeat(40_000)),          // grows the buffer kept
                small,
                new Document("_id", "bad").append("text", "y".repeat(20_000))
                        .append("at", Instant.ofEpochSecond(1L, 1)),                    // fails half-way
                small);
        for (Document document : inTurn) {
            assertThat(read(write(document))).isEqualTo(document);
        }
        assertThat(DocumentValueType.exactBson(small)).isEqualTo(alone);
    }

    private static byte[] onAFreshThread(Callable<byte[]> work) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            return pool.submit(work).get();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void stringsAreStoredAsUtf8AsOnTheWire() {
        Document document = new Document("text", "half of a pair \uD83E, then 🧭");

        assertThat(read(write(document))).isEqualTo(new Document("text", "half of a pair ?, then 🧭"));
    }

    @Test
    void whatTheStockTypeWroteIsReadAsItWas() {
        Document document = new Document("_id", "doc/1").append("text", "旧 🗂").append("n", 3);
        WriteBuffer buffer = new WriteBuffer();
        new ObjectDataType().write(buffer, document);

        assertThat(read(bytes(buffer))).isEqualTo(document);
        assertThat(read(write(12L))).isEqualTo(12L);
    }

    @Test
    void pagesOfBothFormsAreReadInTurn() {
        Document old = new Document("_id", 1L).append("text", "before");
        Document current = new Document("_id", 2L).append("text", "after 🧭");
        WriteBuffer buffer = new WriteBuffer();
        new ObjectDataType().write(buffer, old);
        type.write(buffer, current);
        new ObjectDataType().write(buffer, old);
        ByteBuffer page = ByteBuffer.wrap(bytes(buffer));

        assertThat(List.of(type.read(page), type.read(page), type.read(page)))
                .map(value -> ((StoredDocument) value).document()).containsExactly(old, current, old);
        assertThat(page.hasRemaining()).isFalse();
    }

    @Test
    void aStoredDocumentIsWrittenFromTheBytesItWasStoredWith() {
        Document document = new Document("_id", "doc/7").append("text", "注释 🧭").append("n", 1);
        StoredDocument stored = StoredDocument.of(document);
        byte[] first = write(stored);

        document.put("text", "changed in place, not stored again");

        assertThat(write(stored)).isEqualTo(first);
        assertThat(read(first)).isEqualTo(new Document("_id", "doc/7").append("text", "注释 🧭").append("n", 1));
        assertThat(stored.document()).isSameAs(document);
    }

    @Test
    void aDocumentReadFromTheFileIsWrittenBackByteForByteAndDecodedOnce() {
        byte[] stored = write(StoredDocument.of(new Document("_id", 3L).append("tags", new ArrayList<>(List.of("研究", "🧭")))));
        StoredDocument read = (StoredDocument) type.read(ByteBuffer.wrap(stored));

        assertThat(write(read)).isEqualTo(stored);
        assertThat(read.document()).isSameAs(read.document())
                .isEqualTo(new Document("_id", 3L).append("tags", List.of("研究", "🧭")));
    }

    @Test
    void aDocumentBsonWouldChangeKeepsNoBytesAndIsWrittenAsItIsNow() {
        Document document = new Document("at", Instant.ofEpochSecond(1_790_000_000L, 123_456_789));
        StoredDocument stored = StoredDocument.of(document);
        document.put("more", 2);

        assertThat(stored.bson()).isNull();
        assertThat(read(write(stored))).isEqualTo(document);
    }

    private byte[] write(Object value) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, value);
        return bytes(buffer);
    }

    /** The value read, a stored document as its document. */
    private Object read(byte[] stored) {
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        Object value = type.read(buffer);
        assertThat(buffer.hasRemaining()).isFalse();
        return value instanceof StoredDocument document ? document.document() : value;
    }

    private static byte[] bytes(WriteBuffer buffer) {
        ByteBuffer written = buffer.getBuffer();
        written.flip();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }
}
