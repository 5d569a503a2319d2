package org.margin.storage.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * One database of the embedded store, with the stock H2 backend's map names and formats but for its unique
 * indexes ({@link KeyIndex}, in maps of {@link KeyBytes} keys named {@code <collection>._keys_<index>},
 * made from the stock backend's {@code _index_} maps when a store it wrote is opened), its documents'
 * stored form ({@link DocumentValueType}) and its data size ({@link EmbeddedCollection}).
 */
final class EmbeddedDatabase extends AbstractSynchronizedMongoDatabase<Object> {

    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";
    private static final String KEYS_INFIX = "._keys_";

    private final MVStore store;

    EmbeddedDatabase(String name, MVStore store, CursorRegistry cursors) {
        super(name, cursors);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys,
                                                    boolean sparse) {
        String name = keysMap(collection, index);
        String stock = stockIndexMap(collection, index);
        if (store.hasMap(stock)) {
            if (!store.hasMap(name)) {
                rewriteKeys(stock, name);
            }
            store.removeMap(stock);
            store.commit();
        }
        return new KeyIndex(openKeys(name), index, keys, sparse);
    }

    /**
     * Copies an index the stock backend wrote (its keys Java-serialized {@code KeyValue}s) into a map of
     * this backend's keys, under another name first and renamed when whole: a commit taken at any point
     * (H2's own, or a crash's last) leaves the stock map whole, and the copy either absent, partial under
     * its temporary name (dropped and made again at the next opening) or whole under its own.
     */
    private void rewriteKeys(String stock, String name) {
        String partial = name + ".partial";
        if (store.hasMap(partial)) {
            store.removeMap(partial);
        }
        MVMap<Object, Object> from = store.openMap(stock,
                new MVMap.Builder<>().keyType(new ObjectDataType()).valueType(new ObjectDataType()));
        MVMap<StoredKey, Object> to = openKeys(partial);
        for (var entry : from.entrySet()) {
            to.put(StoredKey.of((KeyValue) entry.getKey()), entry.getValue());
        }
        store.renameMap(to, name);
    }

    private MVMap<StoredKey, Object> openKeys(String name) {
        return store.openMap(name, new MVMap.Builder<StoredKey, Object>().keyType(new StoredKeyType())
                .valueType(new ObjectDataType()));
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
        store.removeMap(keysMap(collection.getCollectionName(), index));
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
        String indexes = source + KEYS_INFIX;
        store.getMapNames().stream().filter(n -> n.startsWith(indexes)).toList()
                .forEach(n -> store.renameMap(store.openMap(n), target + KEYS_INFIX + n.substring(indexes.length())));
    }

    @Override
    protected long getStorageSize() {
        return store.getFileStore() == null ? 0 : store.getFileStore().size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }

    private String keysMap(String collection, String index) {
        return getFullCollectionNamespace(collection) + KEYS_INFIX + index;
    }

    /** The stock backend's name for an index's map. */
    private String stockIndexMap(String collection, String index) {
        return getFullCollectionNamespace(collection) + "._index_" + index;
    }
}
