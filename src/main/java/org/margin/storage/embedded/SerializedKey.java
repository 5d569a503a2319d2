package org.margin.storage.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique-index key of the embedded store held in the form it is stored and ordered by: the Java
 * serialization of the server's {@link KeyValue}. The stock index keeps the {@code KeyValue} and
 * serializes both sides of every comparison of a lookup; this key is serialized once.
 */
record SerializedKey(byte[] bytes) implements Comparable<SerializedKey> {

    static SerializedKey of(KeyValue key) {
        return new SerializedKey(ObjectDataType.serialize(key));
    }

    KeyValue keyValue() {
        return (KeyValue) ObjectDataType.deserialize(bytes);
    }

    /** The order of the stock index: unsigned bytes, then length. */
    @Override
    public int compareTo(SerializedKey other) {
        return ObjectDataType.compareNotNull(bytes, other.bytes);
    }
}
