package org.margin.storage;

import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Keeps the most recently used aggregates between commands: at most {@code maxEntries}, each held softly,
 * so the JVM may still reclaim them under memory pressure. (Axon's weak-reference cache loses an
 * aggregate at the next garbage collection once no command holds it, so almost every command reloaded
 * its aggregate from the store.)
 */
final class SoftLruCache implements Cache {

    private final Map<Object, SoftReference<Object>> entries;

    SoftLruCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, SoftReference<Object>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        SoftReference<Object> ref = entries.get(key);
        Object value = ref == null ? null : ref.get();
        if (ref != null && value == null) {
            entries.remove(key);
        }
        return (V) value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        if (value == null) {
            entries.remove(key);
        } else {
            entries.put(key, new SoftReference<>(value));
        }
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (get(key) != null) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public synchronized boolean remove(Object key) {
        SoftReference<Object> ref = entries.remove(key);
        return ref != null && ref.get() != null;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener entryListener) {
        return () -> true;
    }
}
