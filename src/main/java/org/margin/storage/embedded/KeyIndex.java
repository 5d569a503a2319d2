package org.margin.storage.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map.Entry;
import org.h2.mvstore.MVMap;

/** A unique index of the embedded store on an H2 map from {@link SerializedKey} to a document's position. */
final class KeyIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<SerializedKey, Object> map;

    KeyIndex(MVMap<SerializedKey, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(SerializedKey.of(key));
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(SerializedKey.of(key), Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return () -> map.entrySet().stream()
                .<Entry<KeyValue, Object>>map(e -> new SimpleImmutableEntry<>(e.getKey().keyValue(), e.getValue()))
                .iterator();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(SerializedKey.of(key));
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
