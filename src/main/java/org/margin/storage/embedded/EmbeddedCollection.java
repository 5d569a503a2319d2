package org.margin.storage.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;

/**
 * A collection of the embedded store: the stock H2 collection's map from {@code _id} to document, whose
 * values keep the bytes each document is stored as ({@link StoredDocument}), so a commit does not encode
 * again the unchanged documents of the pages it writes.
 * <p>
 * Its data size ({@code collStats}, {@code dbStats}, {@code validate}) is worked out when asked instead
 * of on every write. The stock collection encodes each inserted document to BSON to learn its size, an
 * updated one twice, and writes the running total to the collection's meta map each time: 14 % of the
 * server's time in a rebuild's writes, for a figure nothing in the application reads. The total the
 * stock backend left in the collection's meta map is not read or updated, and a new collection has no
 * meta map.
 */
final class EmbeddedCollection extends AbstractSynchronizedMongoCollection<Object> {

    private final MVMap<Object, StoredDocument> data;

    EmbeddedCollection(MongoDatabase database, String name, CollectionOptions options,
                       MVMap<Object, StoredDocument> data, CursorRegistry cursors) {
        super(database, name, options, cursors);
        this.data = data;
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() == null ? UUID.randomUUID() : Utils.getSubdocumentValue(document, getIdField());
        StoredDocument previous = data.putIfAbsent(Missing.ofNullable(key), StoredDocument.of(document));
        if (previous != null) {
            throw new IllegalStateException("a document with _id " + key + " is already in " + this);
        }
        return key;
    }

    /** The server changed {@code newDocument} in place; it is stored again, with its new bytes. */
    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        data.put(Missing.ofNullable(position), StoredDocument.of(newDocument));
    }

    @Override
    protected Document getDocument(Object position) {
        StoredDocument stored = data.get(position);
        return stored == null ? null : stored.document();
    }

    @Override
    protected void removeDocument(Object position) {
        if (data.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
    }

    @Override
    public int count() {
        return data.size();
    }

    @Override
    public boolean isEmpty() {
        return data.isEmpty();
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return data.entrySet().stream()
                .map(entry -> new DocumentWithPosition<>(entry.getValue().document(), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document fields) {
        Stream<Document> documents = isNaturalDescending(orderBy)
                ? streamAllDocumentsWithPosition()
                        .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                        .map(DocumentWithPosition::getDocument)
                : data.values().stream().map(StoredDocument::document);
        return matchDocumentsFromStream(documents, query, orderBy, skip, limit, batchSize, fields);
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        throw new UnsupportedOperationException("the data size is worked out when asked");
    }

    /** The BSON size of every document, summed (as the stock total, capped at the largest {@code int}). */
    @Override
    protected int getDataSize() {
        long total = 0;
        for (StoredDocument stored : data.values()) {
            byte[] bson = stored.bson();
            total += bson != null ? bson.length : encodedSize(stored.document());
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private static int encodedSize(Document document) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            return buffer.writerIndex();
        } finally {
            buffer.release();
        }
    }
}
