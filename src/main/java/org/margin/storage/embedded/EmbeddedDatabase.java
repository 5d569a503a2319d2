package org.margin.storage.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * One database of the embedded store, with the stock H2 backend's map names and formats; its unique
 * indexes ({@link KeyIndex}), its documents' stored form ({@link DocumentValueType}) and its data size
 * ({@link EmbeddedCollection}) differ.
 */
final class EmbeddedDatabase extends AbstractSynchronizedMongoDatabase<Object> {

    private static final String DATA_PREFIX = "databases.";
    static final String META_PREFIX = "meta.";
    static final String INDEX_INFIX = "._index_";

    private final EmbeddedBackend backend;

    EmbeddedDatabase(String name, EmbeddedBackend backend, CursorRegistry cursors) {
        super(name, cursors);
        this.backend = backend;
        initializeNamespacesAndIndexes();
    }

    /** The store that holds a collection's maps. */
    private MVStore store(String collection) {
        return backend.isDerived(collection) ? backend.getDerivedStore() : backend.getMvStore();
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys,
                                                    boolean sparse) {
        MVMap<SerializedKey, Object> map = store(collection).openMap(indexMap(collection, index),
                new MVMap.Builder<SerializedKey, Object>().keyType(new SerializedKeyType())
                        .valueType(new ObjectDataType()));
        return new KeyIndex(map, index, keys, sparse);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collection, CollectionOptions options) {
        String name = getFullCollectionNamespace(collection);
        MVStore store = store(collection);
        MVMap<Object, Document> data = store.openMap(DATA_PREFIX + name,
                new MVMap.Builder<Object, Document>().valueType(new DocumentValueType()));
        MVMap<String, Object> meta = store.openMap(META_PREFIX + name);
        return new EmbeddedCollection(this, collection, options, data, meta, cursorRegistry);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String index) {
        super.dropIndex(collection, index);
        store(collection.getCollectionName()).removeMap(indexMap(collection.getCollectionName(), index));
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        for (MVStore store : List.of(backend.getMvStore(), backend.getDerivedStore())) {
            store.getMapNames().stream()
                    .filter(n -> n.startsWith(databaseName + ".") || n.startsWith(DATA_PREFIX + databaseName)
                            || n.startsWith(META_PREFIX + databaseName))
                    .toList()
                    .forEach(store::removeMap);
        }
    }

    @Override
    public void dropCollection(String collection, Oplog oplog) {
        super.dropCollection(collection, oplog);
        String name = getFullCollectionNamespace(collection);
        MVStore store = store(collection);
        store.removeMap(DATA_PREFIX + name);
        store.removeMap(META_PREFIX + name);
    }

    /**
     * Renames the collection's maps, its index maps too: the stock backend leaves those under the old
     * name, so after a restart the renamed collection's indexes are empty and it reads as empty. A rename
     * that would move a collection between the two files is refused.
     */
    @Override
    public void moveCollection(MongoDatabase from, MongoCollection<?> collection, String newName) {
        MVStore store = store(collection.getCollectionName());
        if (store != store(newName)) {
            throw new MongoServerException("Cannot rename " + collection.getCollectionName() + " to " + newName
                    + ": the embedded store keeps derived collections in a file of their own");
        }
        String source = collection.getFullName();
        super.moveCollection(from, collection, newName);
        String target = getFullCollectionNamespace(newName);
        store.renameMap(store.openMap(DATA_PREFIX + source), DATA_PREFIX + target);
        store.renameMap(store.openMap(META_PREFIX + source), META_PREFIX + target);
        String indexes = source + INDEX_INFIX;
        store.getMapNames().stream().filter(n -> n.startsWith(indexes)).toList()
                .forEach(n -> store.renameMap(store.openMap(n), target + INDEX_INFIX + n.substring(indexes.length())));
    }

    @Override
    protected long getStorageSize() {
        MVStore store = backend.getMvStore();
        MVStore derived = backend.getDerivedStore();
        return size(store) + (derived == store ? 0 : size(derived));
    }

    private static long size(MVStore store) {
        return store.getFileStore() == null ? 0 : store.getFileStore().size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }

    private String indexMap(String collection, String index) {
        return getFullCollectionNamespace(collection) + INDEX_INFIX + index;
    }
}
