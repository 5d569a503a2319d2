package org.margin.storage.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.Arrays;
import java.util.HexFormat;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique-index key of the embedded store held in the form it is stored and ordered by: the Java
 * serialization of the server's {@link KeyValue}. The stock index keeps the {@code KeyValue} and
 * serializes both sides of every comparison of a lookup; this key is serialized once.
 */
record SerializedKey(byte[] bytes) implements Comparable<SerializedKey> {

    static SerializedKey of(KeyValue key) {
        return new SerializedKey(KeyBytes.of(key));
    }

    KeyValue keyValue() {
        return (KeyValue) ObjectDataType.deserialize(bytes);
    }

    /** The order of the stock index: unsigned bytes, then length. */
    @Override
    public int compareTo(SerializedKey other) {
        return ObjectDataType.compareNotNull(bytes, other.bytes);
    }

    /** Equal when the bytes are, as the comparison says (a record would compare the arrays' identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof SerializedKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SerializedKey[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
