package org.margin.storage.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
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
    private static final String META_PREFIX = "meta.";

    private final MVStore store;

    EmbeddedDatabase(String name, MVStore store, CursorRegistry cursors) {
        super(name, cursors);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys,
                                                    boolean sparse) {
        MVMap<SerializedKey, Object> map = store.openMap(indexMap(collection, index),
                new MVMap.Builder<SerializedKey, Object>().keyType(new SerializedKeyType())
                        .valueType(new ObjectDataType()));
        return new KeyIndex(map, index, keys, sparse);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collection, CollectionOptions options) {
        String name = getFullCollectionNamespace(collection);
        MVMap<Object, StoredDocument> data = store.openMap(DATA_PREFIX + name,
                new MVMap.Builder<Object, StoredDocument>().valueType(new DocumentValueType()));
        return new EmbeddedCollection(this, collection, options, data, cursorRegistry);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String index) {
        super.dropIndex(collection, index);
        store.removeMap(indexMap(collection.getCollectionName(), index));
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        store.getMapNames().stream()
                .filter(n -> n.startsWith(databaseName + ".") || n.startsWith(DATA_PREFIX + databaseName)
                        || n.startsWith(META_PREFIX + databaseName))
                .toList()
                .forEach(store::removeMap);
    }

    @Override
    public void dropCollection(String collection, Oplog oplog) {
        super.dropCollection(collection, oplog);
        String name = getFullCollectionNamespace(collection);
        store.removeMap(DATA_PREFIX + name);
        store.removeMap(META_PREFIX + name);
    }

    /**
     * Renames the collection's maps, its index maps too: the stock backend leaves those under the old
     * name, so after a restart the renamed collection's indexes are empty and it reads as empty.
     */
    @Override
    public void moveCollection(MongoDatabase from, MongoCollection<?> collection, String newName) {
        String source = collection.getFullName();
        super.moveCollection(from, collection, newName);
        String target = getFullCollectionNamespace(newName);
        store.renameMap(store.openMap(DATA_PREFIX + source), DATA_PREFIX + target);
        store.renameMap(store.openMap(META_PREFIX + source), META_PREFIX + target);
        String indexes = source + "._index_";
        store.getMapNames().stream().filter(n -> n.startsWith(indexes)).toList()
                .forEach(n -> store.renameMap(store.openMap(n), target + "._index_" + n.substring(indexes.length())));
    }

    @Override
    protected long getStorageSize() {
        return store.getFileStore() == null ? 0 : store.getFileStore().size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }

    private String indexMap(String collection, String index) {
        return getFullCollectionNamespace(collection) + "._index_" + index;
    }
}
