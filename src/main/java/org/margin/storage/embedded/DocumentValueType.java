package org.margin.storage.embedded;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The stored form of a collection's documents: BSON, as on the wire. The stock backend stores them with
 * Java serialization, which took about 4 µs to write and 13 µs to read an event here against under 1 µs each
 * for BSON, and every commit writes again every document of each page it touched.
 * <p>
 * A document is stored as BSON only if reading it back gives an equal document; one holding anything
 * else (an {@code Instant} finer than a millisecond, a {@code Float}, a map that is not a {@code Document})
 * is stored as before. Strings are stored as UTF-8, as on the wire: a lone UTF-16 surrogate, which no
 * client can send, would come back as a question mark. Both forms are read, so stores written before
 * this type, or by the stock backend, open unchanged; pages are rewritten in the new form as they change.
 * A document's size in memory is estimated as the stock type does, from the size it is stored in, so a
 * page holds about a third more.
 * <p>
 * The map's values are {@link StoredDocument}s: each keeps the bytes it was stored as, so the documents of a
 * page are written from them, not encoded again at every commit that writes the page.
 */
final class DocumentValueType extends BasicDataType<Object> {

    /**
     * Each thread encodes into a buffer of its own, kept from one document to the next, so encoding a
     * document allocates only its bytes (a fresh buffer of 512 bytes grew, copying, for most documents). A buffer
     * grown past {@link #MAX_SCRATCH_BYTES} by a large document is not kept.
     */
    private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(8192));
    private static final int MAX_SCRATCH_BYTES = 64 * 1024;

    /** A tag {@link ObjectDataType} never writes (it uses 0 to 14, 19 and 32 and above). */
    static final int BSON_DOCUMENT = 20;

    private final ObjectDataType stock = new ObjectDataType();
    /** The stock type's estimate of a document's size in memory: twice its stored size, averaged. */
    private int averageSize = 10_000;

    @Override
    public int getMemory(Object value) {
        return value instanceof StoredDocument || value instanceof Document ? averageSize : stock.getMemory(value);
    }

    /** A stored document from the bytes it keeps; one without them is encoded now, or stored in the stock form. */
    @Override
    public void write(WriteBuffer buff, Object value) {
        byte[] bson = null;
        Object unencoded = value;
        if (value instanceof StoredDocument stored) {
            bson = stored.bson();
            unencoded = bson == null ? stored.document() : null;
        }
        if (bson == null && unencoded instanceof Document document) {
            bson = exactBson(document);
        }
        if (bson == null) {
            stock.write(buff, unencoded);
            return;
        }
        averageSize = (int) ((2L * bson.length + 15L * averageSize) / 16);
        buff.put((byte) BSON_DOCUMENT).putVarInt(bson.length).put(bson);
    }

    /** A document as {@link StoredDocument}: kept as read from BSON, decoded when first asked for. */
    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != BSON_DOCUMENT) {
            Object value = stock.read(buff);
            return value instanceof Document document ? StoredDocument.readStock(document) : value;
        }
        buff.get();
        byte[] bson = new byte[DataUtils.readVarInt(buff)];
        buff.get(bson);
        return StoredDocument.read(bson);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    /**
     * The document as BSON, or null if BSON would not give it back exactly or the codec cannot write one of
     * its values (an instant beyond BSON's range of milliseconds): such a document is stored as before,
     * since a failure here would fail the commit of every write on the page.
     */
    static byte[] exactBson(Document document) {
        ByteBuf out = SCRATCH.get().clear();
        try {
            return encode(document, out) ? ByteBufUtil.getBytes(out) : null;
        } catch (RuntimeException e) {
            // stored in the stock form, which holds any serialisable value
            return null;
        } finally {
            if (out.capacity() > MAX_SCRATCH_BYTES) {
                SCRATCH.remove();
            }
        }
    }

    private static boolean encode(Map<String, ?> document, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        for (Map.Entry<String, ?> field : document.entrySet()) {
            if (!encode(field.getKey(), field.getValue(), out)) {
                return false;
            }
        }
        out.writeByte(BsonConstants.TERMINATING_BYTE);
        out.setIntLE(start, out.writerIndex() - start);
        return true;
    }

    private static boolean encode(String key, Object value, ByteBuf out) {
        if (key.indexOf('\0') >= 0) {
            return false;
        }
        if (value instanceof Document nested) {
            name(BsonConstants.TYPE_EMBEDDED_DOCUMENT, key, out);
            return encode(nested, out);
        }
        if (value instanceof List<?> list) {
            name(BsonConstants.TYPE_ARRAY, key, out);
            int start = out.writerIndex();
            out.writeIntLE(0);
            for (int i = 0; i < list.size(); i++) {
                if (!encode(Integer.toString(i), list.get(i), out)) {
                    return false;
                }
            }
            out.writeByte(BsonConstants.TERMINATING_BYTE);
            out.setIntLE(start, out.writerIndex() - start);
            return true;
        }
        if (!exactScalar(value)) {
            return false;
        }
        byte type = BsonEncoder.determineType(value);
        name(type, key, out);
        BsonEncoder.encodeValue(type, value, out);
        return true;
    }

    private static void name(byte type, String key, ByteBuf out) {
        out.writeByte(type);
        out.writeCharSequence(key, StandardCharsets.UTF_8);
        out.writeByte(BsonConstants.STRING_TERMINATION);
    }

    /** The values BSON gives back as they were; maps and lists are taken apart by the caller. */
    private static boolean exactScalar(Object value) {
        if (value instanceof Instant instant) {
            return instant.getNano() % 1_000_000 == 0;
        }
        return value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Boolean || value instanceof ObjectId
                || value instanceof BinData || value instanceof UUID || value instanceof Decimal128
                || value instanceof BsonTimestamp || value instanceof MaxKey || value instanceof MinKey;
    }
}
