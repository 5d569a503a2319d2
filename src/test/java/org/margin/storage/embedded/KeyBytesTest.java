package org.margin.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/** Index keys written from templates are byte for byte what Java serialization writes, or are left to it. */
class KeyBytesTest {

    @Test
    void numbersAndStringsAreWrittenFromTemplatesExactlyAsJavaSerializationWritesThem() {
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
                Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            keys.add(new KeyValue(d));
            keys.add(new KeyValue("6f1c2b9e-3c1d-4b8e-9f7a-2d4c5e6f7a8b", d));
        }
        keys.add(new KeyValue(3.0, 3.0));   // equal, but two objects: both written out
        for (String s : List.of("", "a", "6f1c2b9e-3c1d-4b8e-9f7a-2d4c5e6f7a8b/4e1f", "文档 🧭 emoji 😀",
                "nul \u0000 inside", "\u007f\u0080\u07ff\u0800\uffff", "x".repeat(65_535), "中".repeat(21_845))) {
            keys.add(new KeyValue(s));
            keys.add(new KeyValue(s.substring(0, Math.min(s.length(), 100)), 7L, "and " + s.substring(0, Math.min(s.length(), 50))));
        }
        keys.add(new KeyValue(1_000L, 1_000L));   // equal, but two objects: both written out
        Random random = new Random(8);
        for (int i = 0; i < 500; i++) {
            keys.add(new KeyValue(random.nextLong()));
            keys.add(new KeyValue(randomString(random), random.nextInt(), random.nextLong()));
            keys.add(new KeyValue(randomString(random), (double) random.nextInt(1_000_000)));
            keys.add(new KeyValue(Double.longBitsToDouble(random.nextLong() & ~(0x7FFL << 52) | 0x3FFL << 52)));
        }
        for (int i = 0; i < keys.size(); i++) {
            byte[] fast = KeyBytes.fast(keys.get(i));
            assertThat(fast).as("key %d from a template", i).isNotNull();
            assertThat(fast).as("key %d", i).isEqualTo(ObjectDataType.serialize(keys.get(i)));
        }
    }

    @Test
    void otherKeysAreLeftToJavaSerialization() {
        String shared = "the same string twice";
        List<KeyValue> others = List.of(
                new KeyValue(shared, shared),
                new KeyValue(5L, 5L),   // one cached object twice: the stream refers back to it
                new KeyValue("x".repeat(65_536)),
                new KeyValue("中".repeat(21_846)),
                new KeyValue(Double.NaN),
                new KeyValue(Double.longBitsToDouble(0x7FF8_0000_0000_0001L)),   // a NaN of other bits
                new KeyValue(new ObjectId()),
                new KeyValue(new Document("a", 1)),
                new KeyValue(1L, 2L, 3L, 4L),
                new KeyValue(true));
        for (int i = 0; i < others.size(); i++) {
            assertThat(KeyBytes.fast(others.get(i))).as("key %d", i).isNull();
            assertThat(KeyBytes.of(others.get(i))).as("key %d", i).isEqualTo(ObjectDataType.serialize(others.get(i)));
        }
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0x4E00 + random.nextInt(0x5000);
                case 2 -> 0x1F300 + random.nextInt(0x300);
                default -> random.nextInt(0x800);
            });
        }
        return s.toString();
    }
}
