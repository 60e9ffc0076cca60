package dev.leakwatch.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.leakwatch.detect.LeakDetector;
import dev.leakwatch.detect.ProcessDetector;

/**
 * The process store seen as live detectors. The store (changelogged, so exactly-once and restores
 * work) stays the truth: every save writes it. In front of it sits a bounded map of the detectors
 * already decoded, so a process seen every few seconds is not decoded from bytes each time; it
 * mirrors exactly what was written since the processor was (re)initialised, and the least recently
 * used entries fall out of it beyond {@code capacity}.
 *
 * <p>While every stored process is also in memory ({@link #isComplete()}), the sweep for exited
 * processes looks them up here, the few its schedule says are due, instead of walking the store's
 * merged cache iterator.
 */
final class LiveProcesses {
    private final KeyValueStore<String, byte[]> store;
    private final LeakDetector detector;
    private final Map<String, ProcessDetector> decoded;
    private boolean complete;

    LiveProcesses(KeyValueStore<String, byte[]> store, LeakDetector detector, int capacity) {
        this.store = store;
        this.detector = detector;
        this.decoded = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ProcessDetector> eldest) {
                boolean full = size() > capacity;
                complete &= !full;
                return full;
            }
        };
        loadAll(capacity);
    }

    /** Decodes the whole store when it fits, so the map starts complete (after a restore, a rebalance). */
    private void loadAll(int capacity) {
        if (store.approximateNumEntries() > capacity) {
            return;
        }
        complete = true;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext() && complete) {
                KeyValue<String, byte[]> entry = all.next();
                decode(entry.key, entry.value);
            }
        }
    }

    /** True while every process of the store is decoded in memory. */
    boolean isComplete() {
        return complete;
    }

    /** Visits the decoded processes (all of them while {@link #isComplete()}); {@code visit} must not change this. */
    void forEachDecoded(BiConsumer<String, ProcessDetector> visit) {
        decoded.forEach(visit);
    }

    /** The detector of a process, decoded from the store if it is not in memory; null when unknown. */
    ProcessDetector find(String key) {
        ProcessDetector process = decoded.get(key);
        if (process != null) {
            return process;
        }
        return decode(key, store.get(key));
    }

    /** Like {@link #find} for a store entry already in hand (the sweep iterates the store). */
    ProcessDetector find(String key, byte[] stored) {
        ProcessDetector process = decoded.get(key);
        return process != null ? process : decode(key, stored);
    }

    void save(String key, ProcessDetector process) {
        store.put(key, process.toBytes());
        decoded.put(key, process);
    }

    void delete(String key) {
        store.delete(key);
        decoded.remove(key);
    }

    /** Drops the decoded form only; the store keeps the last saved state. */
    void forget(String key) {
        decoded.remove(key);
    }

    private ProcessDetector decode(String key, byte[] stored) {
        if (stored == null) {
            return null;
        }
        ProcessDetector process = detector.restore(stored);
        decoded.put(key, process);
        return process;
    }
}
