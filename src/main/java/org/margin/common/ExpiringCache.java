package org.margin.common;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Found values kept for a short, fixed time. Nothing is kept for a key that was not found, and a load that
 * started before an {@link #evict} never stores what it read: an eviction made after the stored value
 * changed is final on this node.
 */
public final class ExpiringCache<K, V> {

    private record Entry<V>(V value, long loadedAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;
    private long evictions;   // guarded by this

    public ExpiringCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    ExpiringCache(Duration ttl, int maxEntries, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The value for {@code key}: a kept one younger than the time to live, or else what {@code load} finds. */
    public Optional<V> get(K key, Supplier<Optional<V>> load) {
        long now = clock.getAsLong();
        Entry<V> kept = entries.get(key);
        if (kept != null && now - kept.loadedAt() < ttlNanos) {
            return Optional.of(kept.value());
        }
        if (ttlNanos <= 0) {
            return load.get();
        }
        long evictionsBefore;
        synchronized (this) {
            evictionsBefore = evictions;
        }
        Optional<V> found = load.get();
        found.ifPresent(value -> keep(key, new Entry<>(value, now), evictionsBefore));
        return found;
    }

    /** Forgets {@code key}, and makes any load already under way for any key forget what it read. */
    public synchronized void evict(K key) {
        evictions++;
        entries.remove(key);
    }

    private synchronized void keep(K key, Entry<V> entry, long evictionsBefore) {
        if (evictions != evictionsBefore) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, entry);
    }
}
