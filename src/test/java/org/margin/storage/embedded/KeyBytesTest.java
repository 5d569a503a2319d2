package org.margin.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/**
 * An index key's stored bytes tell keys apart exactly as Java serialization does, are read back as the
 * same values of the same types, and are a fraction of the serialized size for the keys Margin looks up.
 */
class KeyBytesTest {

    @Test
    void keysOfNumbersAndStringsAreReadBackAsTheSameValuesOfTheSameTypes() {
        List<KeyValue> keys = keys();
        for (int i = 0; i < keys.size(); i++) {
            KeyValue key = keys.get(i);
            byte[] bytes = KeyBytes.of(key);
            assertThat(bytes[0]).as("key %d is compact", i).isNotEqualTo((byte) 0xAC);
            KeyValue back = KeyBytes.keyValue(bytes);
            assertThat(back).as("key %d", i).isEqualTo(key);
            assertThat(ObjectDataType.serialize(back)).as("key %d, value types and bits", i)
                    .isEqualTo(ObjectDataType.serialize(key));
        }
    }

    @Test
    void twoKeysHaveTheSameBytesExactlyWhenJavaSerializationGivesThemTheSameBytes() {
        List<KeyValue> keys = new ArrayList<>(keys());
        keys.addAll(List.of(
                new KeyValue(1.0), new KeyValue(1L), new KeyValue(1), new KeyValue("1"),
                new KeyValue(0.0), new KeyValue(-0.0),
                new KeyValue(Double.NaN), new KeyValue(Double.longBitsToDouble(0x7FF8_0000_0000_0001L)),
                new KeyValue("a", "b"), new KeyValue("ab"), new KeyValue("a", "b", ""), new KeyValue("", "ab"),
                new KeyValue(""), new KeyValue("\u0000"), new KeyValue("\uD83E"), new KeyValue("\uDDED"),
                new KeyValue("\uD83E\uDDED"), new KeyValue("?"), new KeyValue("\uDDED\uD83E"),
                new KeyValue("d1", 2.0), new KeyValue("d1", 2L), new KeyValue(2.0, "d1")));
        List<byte[]> serialized = keys.stream().map(ObjectDataType::serialize).toList();
        List<byte[]> stored = keys.stream().map(KeyBytes::of).toList();
        List<String> disagreeing = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            for (int j = 0; j < keys.size(); j++) {
                if (Arrays.equals(stored.get(i), stored.get(j)) != Arrays.equals(serialized.get(i), serialized.get(j))) {
                    disagreeing.add(keys.get(i) + " and " + keys.get(j));
                }
            }
        }
        assertThat(disagreeing).isEmpty();
        assertThat(KeyBytes.of(new KeyValue(Double.NaN)))
                .isEqualTo(KeyBytes.of(new KeyValue(Double.longBitsToDouble(0x7FF8_0000_0000_0001L))));
        assertThat(KeyBytes.of(new KeyValue("\uD83E"))).isNotEqualTo(KeyBytes.of(new KeyValue("?")));
    }

    @Test
    void otherKeysAreJavaSerializedAndReadBack() {
        List<KeyValue> others = List.of(
                new KeyValue(new ObjectId("65a1b2c3d4e5f60718293a4b")),
                new KeyValue(new Document("a", 1)),
                new KeyValue("doc", true),
                new KeyValue((Object) null),
                new KeyValue(1L, 2L, 3L, new ObjectId("65a1b2c3d4e5f60718293a4c")));
        for (int i = 0; i < others.size(); i++) {
            byte[] bytes = KeyBytes.of(others.get(i));
            assertThat(bytes).as("key %d", i).isEqualTo(ObjectDataType.serialize(others.get(i)));
            assertThat(KeyBytes.keyValue(bytes)).as("key %d", i).isEqualTo(others.get(i));
        }
    }

    @Test
    void theKeysMarginLooksUpTakeAFractionOfTheirSerializedSize() {
        String id = "6f1c2b9e-3c1d-4b8e-9f7a-2d4c5e6f7a8b";
        assertThat(KeyBytes.of(new KeyValue(12_345.0))).hasSize(9);
        assertThat(KeyBytes.of(new KeyValue(id))).hasSize(38);
        assertThat(KeyBytes.of(new KeyValue(id, 17.0))).hasSize(47);
        assertThat(KeyBytes.of(new KeyValue("文档 🧭"))).hasSize(2 + 3 * 2 + 1 + 6);
        assertThat(ObjectDataType.serialize(new KeyValue(12_345.0))).hasSizeGreaterThan(200);
        assertThat(ObjectDataType.serialize(new KeyValue(id, 17.0))).hasSizeGreaterThan(250);
    }

    private static List<KeyValue> keys() {
        List<KeyValue> keys = new ArrayList<>();
        for (long l : new long[] {0, 1, -1, 127, 128, -129, 4_096, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40}) {
            keys.add(new KeyValue(l));
            keys.add(new KeyValue("doc-" + l, l));
        }
        for (int i : new int[] {0, 5, -5, 1 << 20, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            keys.add(new KeyValue(i));
        }
        // the stock index holds numbers as doubles: the events' positions and revisions look like these
        for (double d : new double[] {0.0, -0.0, 1.0, 1.5, -7.25, 12_345.0, 9_007_199_254_740_992.0, 1e300, -1e-300,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            keys.add(new KeyValue(d));
            keys.add(new KeyValue("6f1c2b9e-3c1d-4b8e-9f7a-2d4c5e6f7a8b", d));
        }
        keys.add(new KeyValue(3.0, 3.0));
        for (String s : List.of("", "a", "6f1c2b9e-3c1d-4b8e-9f7a-2d4c5e6f7a8b/4e1f", "文档 🧭 emoji 😀",
                "nul \u0000 inside", "\u007f\u0080\u07ff\u0800\uffff", "lone \uD83E and \uDDED", "x".repeat(65_536),
                "中".repeat(30_000))) {
            keys.add(new KeyValue(s));
            keys.add(new KeyValue(s.substring(0, Math.min(s.length(), 100)), 7L, "and " + s.substring(0, Math.min(s.length(), 50))));
        }
        keys.add(new KeyValue(1L, 2L, 3L, 4L, "five"));
        Random random = new Random(8);
        for (int i = 0; i < 300; i++) {
            keys.add(new KeyValue(random.nextLong()));
            keys.add(new KeyValue(randomString(random), random.nextInt(), random.nextLong()));
            keys.add(new KeyValue(randomString(random), (double) random.nextInt(1_000_000)));
            keys.add(new KeyValue(Double.longBitsToDouble(random.nextLong())));
        }
        return keys;
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(switch (random.nextInt(5)) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0x4E00 + random.nextInt(0x5000);
                case 2 -> 0x1F300 + random.nextInt(0x300);
                case 3 -> 0xD800 + random.nextInt(0x800);   // a lone surrogate
                default -> random.nextInt(0x800);
            });
        }
        return s.toString();
    }
}
