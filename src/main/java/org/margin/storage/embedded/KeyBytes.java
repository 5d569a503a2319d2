package org.margin.storage.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The bytes a unique index of the embedded store keeps a key as. A key whose values are all
 * {@code Double}s, {@code Long}s, {@code Integer}s or {@code String}s (every key Margin looks up: the stock
 * index turns each number a double holds exactly into a {@code Double}) is written compactly: for each
 * value a tag, then a number's bytes, or a string's length and its modified UTF-8 (as
 * {@code DataOutput.writeUTF} writes it, so a lone surrogate stays itself). Any other key is Java-serialized
 * as the stock index stores it; those bytes begin with the stream's magic number, which is no tag.
 * <p>
 * Two keys get the same bytes exactly when Java serialization gives them the same bytes: a number keeps
 * its type and its bits (a NaN's canonical ones, as {@code DataOutput.writeDouble} writes them).
 */
final class KeyBytes {

    private static final byte DOUBLE = 1;
    private static final byte LONG = 2;
    private static final byte INTEGER = 3;
    private static final byte STRING = 4;
    /** The first byte of every Java serialization stream ({@code STREAM_MAGIC}). */
    private static final byte SERIALIZED = (byte) 0xAC;

    private KeyBytes() {
    }

    static byte[] of(KeyValue key) {
        int length = 0;
        for (int i = 0; i < key.size(); i++) {
            int size = size(key.get(i));
            if (size < 0) {
                return ObjectDataType.serialize(key);
            }
            length += 1 + size;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (int i = 0; i < key.size(); i++) {
            write(out, key.get(i));
        }
        return out.array();
    }

    static KeyValue keyValue(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == SERIALIZED) {
            return (KeyValue) ObjectDataType.deserialize(bytes);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Object> values = new ArrayList<>(2);
        while (in.hasRemaining()) {
            values.add(read(in));
        }
        return new KeyValue(values.toArray());
    }

    /** A value's bytes after its tag; -1 for a value of another type. */
    private static int size(Object value) {
        if (value instanceof String s) {
            int length = utfLength(s);
            return DataUtils.getVarIntLen(length) + length;
        }
        return value instanceof Integer ? 4 : value instanceof Double || value instanceof Long ? 8 : -1;
    }

    private static void write(ByteBuffer out, Object value) {
        if (value instanceof Double d) {
            out.put(DOUBLE).putLong(Double.doubleToLongBits(d));
        } else if (value instanceof Long l) {
            out.put(LONG).putLong(l);
        } else if (value instanceof Integer n) {
            out.put(INTEGER).putInt(n);
        } else {
            String s = (String) value;
            out.put(STRING);
            DataUtils.writeVarInt(out, utfLength(s));
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x0001 && c <= 0x007F) {
                    out.put((byte) c);
                } else if (c > 0x07FF) {
                    out.put((byte) (0xE0 | (c >> 12) & 0x0F)).put((byte) (0x80 | (c >> 6) & 0x3F))
                            .put((byte) (0x80 | c & 0x3F));
                } else {
                    out.put((byte) (0xC0 | (c >> 6) & 0x1F)).put((byte) (0x80 | c & 0x3F));
                }
            }
        }
    }

    private static Object read(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case DOUBLE -> Double.longBitsToDouble(in.getLong());
            case LONG -> in.getLong();
            case INTEGER -> in.getInt();
            case STRING -> string(in, DataUtils.readVarInt(in));
            default -> throw new IllegalStateException("Unexpected index key value tag " + tag + " in the embedded store");
        };
    }

    /** The length of a string in modified UTF-8: NUL and the other chars from U+0080 to U+07FF in two bytes. */
    private static int utfLength(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c >= 0x0001 && c <= 0x007F ? 1 : c > 0x07FF ? 3 : 2;
        }
        return length;
    }

    private static String string(ByteBuffer in, int length) {
        char[] chars = new char[length];
        int n = 0;
        int end = in.position() + length;
        while (in.position() < end) {
            int b = in.get() & 0xFF;
            if (b < 0x80) {
                chars[n++] = (char) b;
            } else if (b < 0xE0) {
                chars[n++] = (char) ((b & 0x1F) << 6 | in.get() & 0x3F);
            } else {
                chars[n++] = (char) ((b & 0x0F) << 12 | (in.get() & 0x3F) << 6 | in.get() & 0x3F);
            }
        }
        return new String(chars, 0, n);
    }
}
