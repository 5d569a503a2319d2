package org.margin.storage.embedded;

import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Reads and writes {@link SerializedKey}s in exactly the bytes H2's {@code ObjectDataType} uses for a
 * serialized object (tag 19, length, bytes), so a store written by either can be opened by the other.
 */
final class SerializedKeyType extends BasicDataType<SerializedKey> {

    /** {@code ObjectDataType}'s tag for a Java-serialized object. */
    static final int SERIALIZED_OBJECT = 19;

    @Override
    public int getMemory(SerializedKey key) {
        return 24 + key.bytes().length;
    }

    @Override
    public void write(WriteBuffer buff, SerializedKey key) {
        buff.put((byte) SERIALIZED_OBJECT).putVarInt(key.bytes().length).put(key.bytes());
    }

    @Override
    public SerializedKey read(ByteBuffer buff) {
        int tag = buff.get();
        if (tag != SERIALIZED_OBJECT) {
            throw new IllegalStateException("Unexpected index key tag " + tag + " in the embedded store");
        }
        byte[] bytes = new byte[DataUtils.readVarInt(buff)];
        buff.get(bytes);
        return new SerializedKey(bytes);
    }

    @Override
    public int compare(SerializedKey a, SerializedKey b) {
        return a.compareTo(b);
    }

    @Override
    public SerializedKey[] createStorage(int size) {
        return new SerializedKey[size];
    }
}
