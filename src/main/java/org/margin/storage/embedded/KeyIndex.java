package org.margin.storage.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map.Entry;
import org.h2.mvstore.MVMap;

/**
 * A unique index of the embedded store on an H2 map from {@link StoredKey} to a document's position.
 * It serves a query that names its keys and other conditions besides, as
 * {@code {$and: [{_id: x}, {revision: {$lt: r}}]}}: it finds the candidates for its keys alone, and the
 * collection checks the whole query on each, as it does for every query an index serves. The stock index
 * serves only a query of exactly its keys, so such a query read every document of the collection, under
 * the collection's lock.
 */
final class KeyIndex extends AbstractUniqueIndex<Object> {

    private static final Object NONE = new Object();

    private final MVMap<StoredKey, Object> map;
    private final List<String> names;

    KeyIndex(MVMap<StoredKey, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
        this.names = keys.stream().map(IndexKey::getKey).toList();
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        if (super.canHandle(query)) {
            return true;
        }
        Document keys = keysOf(query);
        return keys != null && super.canHandle(keys);
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        return super.getPositions(query.keySet().equals(keySet()) ? query : keysOf(query));
    }

    /**
     * The query's conditions on this index's keys alone, from its top-level fields or the clauses of a
     * top-level {@code $and} (the driver's {@code Filters.and} always sends one), all of which hold
     * together; null if a key has none.
     */
    private Document keysOf(Document query) {
        Document keys = new Document();
        for (String key : keys()) {
            Object condition = condition(query, key);
            if (condition == NONE) {
                return null;
            }
            keys.put(key, condition);
        }
        return keys;
    }

    private static Object condition(Document query, String key) {
        if (query.containsKey(key)) {
            return query.get(key);
        }
        if (query.get("$and") instanceof List<?> clauses) {
            for (Object clause : clauses) {
                Object condition = clause instanceof Document d ? condition(d, key) : NONE;
                if (condition != NONE) {
                    return condition;
                }
            }
        }
        return NONE;
    }

    /**
     * Whether an update leaves this index's keys as they were. The stock check works out both documents'
     * key values, through streams, maps and sets, for every index at every update: about 8 kB of a
     * 20 kB update of a two-field document. Where each key is a top-level field that holds an equal value
     * of the same class in both, the keys are equal; anything else is left to the stock check.
     */
    @Override
    protected boolean nullAwareEqualsKeys(Document oldDocument, Document newDocument) {
        return sameTopLevelValues(oldDocument, newDocument) || super.nullAwareEqualsKeys(oldDocument, newDocument);
    }

    private boolean sameTopLevelValues(Document oldDocument, Document newDocument) {
        for (String key : names) {
            Object before = oldDocument.get(key);
            Object after = newDocument.get(key);
            if (key.indexOf('.') >= 0 || before == null || after == null || before.getClass() != after.getClass()
                    || !before.equals(after)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(StoredKey.of(key));
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(StoredKey.of(key), Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return () -> map.entrySet().stream()
                .<Entry<KeyValue, Object>>map(e -> new SimpleImmutableEntry<>(e.getKey().keyValue(), e.getValue()))
                .iterator();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(StoredKey.of(key));
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
