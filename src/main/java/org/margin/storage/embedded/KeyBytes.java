package org.margin.storage.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique index key's bytes exactly as the stock index stores them (Java serialization of the
 * {@link KeyValue}), written without an {@code ObjectOutputStream} for the keys Margin looks up all the
 * time: one to three values, each a {@code Double}, a {@code Long}, an {@code Integer} or a
 * {@code String}. (The stock index normalises every number a double can hold exactly to a
 * {@code Double}, so the events' positions and revisions are {@code Double}s here.)
 * <p>
 * For each such shape the stream is serialized once with probe values; what lies around the probes (the
 * stream header and class descriptions) is kept, and a key of that shape is those bytes with its values'
 * encodings in between. A shape whose probes cannot be found, or whose spliced bytes differ from the
 * stock ones for a check key, is always serialized the stock way; so is any other key, a string longer
 * than the short form allows, and a key holding one object twice (the stream would refer back to it).
 */
final class KeyBytes {

    private static final int MAX_VALUES = 3;
    private static final int MAX_SHORT_STRING = 0xFFFF;
    private static final byte TC_STRING = 0x74;
    private static final Template UNSUPPORTED = new Template(null);
    private static final Map<List<Class<?>>, Template> TEMPLATES = new ConcurrentHashMap<>();

    private KeyBytes() {
    }

    static byte[] of(KeyValue key) {
        byte[] fast = fast(key);
        return fast != null ? fast : ObjectDataType.serialize(key);
    }

    /** The key's bytes from its shape's template, or null if it is serialized the stock way. */
    static byte[] fast(KeyValue key) {
        int n = key.size();
        if (n > MAX_VALUES) {
            return null;
        }
        List<Class<?>> shape = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object value = key.get(i);
            if (!(value instanceof Double || value instanceof Long || value instanceof Integer
                    || value instanceof String)) {
                return null;
            }
            for (int j = 0; j < i; j++) {
                if (key.get(j) == value) {
                    return null;
                }
            }
            shape.add(value.getClass());
        }
        Template template = TEMPLATES.get(shape);
        if (template == null) {
            template = TEMPLATES.computeIfAbsent(List.copyOf(shape), KeyBytes::template);
        }
        return template == UNSUPPORTED ? null : template.write(key);
    }

    /** The stream around each value: {@code around[i]} comes before value i, the last one after them all. */
    private record Template(byte[][] around) {

        byte[] write(KeyValue key) {
            byte[][] values = new byte[around.length - 1][];
            int length = 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = encode(key.get(i));
                if (values[i] == null) {
                    return null;
                }
                length += values[i].length + around[i].length;
            }
            length += around[values.length].length;
            byte[] out = new byte[length];
            int at = 0;
            for (int i = 0; i < values.length; i++) {
                System.arraycopy(around[i], 0, out, at, around[i].length);
                at += around[i].length;
                System.arraycopy(values[i], 0, out, at, values[i].length);
                at += values[i].length;
            }
            System.arraycopy(around[values.length], 0, out, at, around[values.length].length);
            return out;
        }
    }

    private static Template template(List<Class<?>> shape) {
        Object[] probes = new Object[shape.size()];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = probe(shape.get(i), i);
        }
        byte[] stream = ObjectDataType.serialize(new KeyValue(probes));
        byte[][] around = new byte[probes.length + 1][];
        int from = 0;
        for (int i = 0; i < probes.length; i++) {
            byte[] encoded = encode(probes[i]);
            int at = indexOf(stream, encoded, from);
            if (at < 0) {
                return UNSUPPORTED;
            }
            around[i] = Arrays.copyOfRange(stream, from, at);
            from = at + encoded.length;
        }
        around[probes.length] = Arrays.copyOfRange(stream, from, stream.length);
        Template template = new Template(around);
        Object[] check = new Object[shape.size()];
        for (int i = 0; i < check.length; i++) {
            check[i] = check(shape.get(i), i);
        }
        KeyValue checkKey = new KeyValue(check);
        return Arrays.equals(template.write(checkKey), ObjectDataType.serialize(checkKey)) ? template : UNSUPPORTED;
    }

    private static Object probe(Class<?> type, int slot) {
        if (type == Double.class) {
            return Double.longBitsToDouble(0x4D61_7267_696E_5000L + slot);
        }
        if (type == Long.class) {
            return 0x6D61_7267_696E_5000L + slot;
        }
        if (type == Integer.class) {
            return 0x6D67_5000 + slot;
        }
        return "\u0001margin key probe " + slot + "\u0001";
    }

    private static Object check(Class<?> type, int slot) {
        if (type == Double.class) {
            return -1.5e-300 - slot;
        }
        if (type == Long.class) {
            return -1L - slot;
        }
        if (type == Integer.class) {
            return Integer.MIN_VALUE + slot;
        }
        return "检查 🧭 \u0000 check " + slot;
    }

    /**
     * A value as the stream holds it after its class: a number's bytes, or a string with its tag and
     * length; null for a NaN, which no key of Margin holds, so it keeps the stock path and its test.
     */
    private static byte[] encode(Object value) {
        if (value instanceof Double d) {
            return Double.isNaN(d) ? null : bytes(Double.doubleToLongBits(d));
        }
        if (value instanceof Long l) {
            return bytes(l);
        }
        if (value instanceof Integer n) {
            return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) (int) n};
        }
        return string((String) value);
    }

    private static byte[] bytes(long l) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[7 - i] = (byte) (l >>> (8 * i));
        }
        return b;
    }

    /** {@code TC_STRING}, the length and the modified UTF-8 of {@code DataOutput.writeUTF}; null if too long. */
    private static byte[] string(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c >= 0x0001 && c <= 0x007F ? 1 : c > 0x07FF ? 3 : 2;
        }
        if (length > MAX_SHORT_STRING) {
            return null;
        }
        byte[] b = new byte[length + 3];
        b[0] = TC_STRING;
        b[1] = (byte) (length >>> 8);
        b[2] = (byte) length;
        int at = 3;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                b[at++] = (byte) c;
            } else if (c > 0x07FF) {
                b[at++] = (byte) (0xE0 | (c >> 12) & 0x0F);
                b[at++] = (byte) (0x80 | (c >> 6) & 0x3F);
                b[at++] = (byte) (0x80 | c & 0x3F);
            } else {
                b[at++] = (byte) (0xC0 | (c >> 6) & 0x1F);
                b[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return b;
    }

    private static int indexOf(byte[] in, byte[] part, int from) {
        outer:
        for (int i = from; i <= in.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (in[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
