package org.margin.storage.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A unique-index key of the embedded store held in the form it is stored and ordered by
 * ({@link KeyBytes}), made once per lookup. The stock index keeps the server's {@link KeyValue} and
 * serializes both sides of every comparison of a lookup.
 */
record StoredKey(byte[] bytes) implements Comparable<StoredKey> {

    static StoredKey of(KeyValue key) {
        return new StoredKey(KeyBytes.of(key));
    }

    KeyValue keyValue() {
        return KeyBytes.keyValue(bytes);
    }

    /** Unsigned bytes, then length. */
    @Override
    public int compareTo(StoredKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** Equal when the bytes are, as the comparison says (a record would compare the arrays' identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "StoredKey[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
