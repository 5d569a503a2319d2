package org.margin.storage.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.MVMap;

/**
 * A collection of the embedded store that works out its data size when asked ({@code collStats},
 * {@code dbStats}, {@code validate}) instead of on every write. The stock collection encodes each inserted document to BSON
 * to learn its size, an updated one twice (before and after), and writes the running total to the
 * collection's meta map each time: 14 % of the server's time in a rebuild's writes, for a figure nothing
 * in the application reads. The total the stock backend left in the meta map is not read or updated.
 */
final class EmbeddedCollection extends H2Collection {

    private final MVMap<Object, Document> data;

    EmbeddedCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                       MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, name, options, data, meta, cursors);
        this.data = data;
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    /** The BSON size of every document, summed (as the stock total, capped at the largest {@code int}). */
    @Override
    protected int getDataSize() {
        if (data == null) {
            // asked by the stock constructor, for a debug line, before this collection is set up
            return 0;
        }
        long total = 0;
        ByteBuf buffer = Unpooled.buffer();
        try {
            for (Document document : data.values()) {
                buffer.clear();
                BsonEncoder.encodeDocument(document, buffer);
                total += buffer.writerIndex();
            }
        } finally {
            buffer.release();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }
}
