package dev.leakwatch.streams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map in access order that drops its least recently used entry once it holds more than a bound,
 * and says so: what a task keeps decoded in front of a store.
 */
final class LeastRecentlyUsed<K, V> extends LinkedHashMap<K, V> {
    private final int bound;
    private final Runnable onDrop;

    /** @param onDrop run each time an entry is dropped for room */
    LeastRecentlyUsed(int bound, Runnable onDrop) {
        super(Math.min(bound, 1 << 16), 0.75f, true);
        this.bound = bound;
        this.onDrop = onDrop;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        boolean full = size() > bound;
        if (full) {
            onDrop.run();
        }
        return full;
    }
}
