package org.margin.storage.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;

/**
 * A value of a collection's map: a document with the bytes it is stored as, made once when it is put
 * into the map or read from the file. A commit writes every document of each page it touches, changed or
 * not; each is written from these bytes instead of being encoded again.
 * <p>
 * The bytes are the document as it was when it was stored. The server changes a stored document in
 * place only to update it, and then puts it again ({@link EmbeddedCollection#handleUpdate}), which makes
 * a new value with new bytes; a document changed in place and not put again is written as it was stored.
 * A document BSON would not give back exactly has no bytes ({@link #bson()} is null) and is written in
 * the stock form, encoded each time, as are documents read in that form.
 */
final class StoredDocument {

    private final byte[] bson;
    private volatile Document document;

    private StoredDocument(byte[] bson, Document document) {
        this.bson = bson;
        this.document = document;
    }

    /** A document being put into the map: encoded now, on the writer's thread. */
    static StoredDocument of(Document document) {
        return new StoredDocument(DocumentValueType.exactBson(document), document);
    }

    /** A document read from the file in BSON: decoded when it is first asked for. */
    static StoredDocument read(byte[] bson) {
        return new StoredDocument(bson, null);
    }

    /** A document read from the file in the stock form, which has no bytes to keep. */
    static StoredDocument readStock(Document document) {
        return new StoredDocument(null, document);
    }

    /** The stored BSON, or null for a document kept in the stock form. */
    byte[] bson() {
        return bson;
    }

    /** The document, the same instance each time, so an update changes the one the server holds. */
    Document document() {
        Document read = document;
        if (read == null) {
            synchronized (this) {
                read = document;
                if (read == null) {
                    read = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
                    document = read;
                }
            }
        }
        return read;
    }
}
