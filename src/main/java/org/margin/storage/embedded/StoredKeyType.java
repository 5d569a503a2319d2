package org.margin.storage.embedded;

import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** Writes a {@link StoredKey} as its length and its bytes. */
final class StoredKeyType extends BasicDataType<StoredKey> {

    @Override
    public int getMemory(StoredKey key) {
        return 24 + key.bytes().length;
    }

    @Override
    public void write(WriteBuffer buff, StoredKey key) {
        buff.putVarInt(key.bytes().length).put(key.bytes());
    }

    @Override
    public StoredKey read(ByteBuffer buff) {
        byte[] bytes = new byte[DataUtils.readVarInt(buff)];
        buff.get(bytes);
        return new StoredKey(bytes);
    }

    @Override
    public int compare(StoredKey a, StoredKey b) {
        return a.compareTo(b);
    }

    @Override
    public StoredKey[] createStorage(int size) {
        return new StoredKey[size];
    }
}
