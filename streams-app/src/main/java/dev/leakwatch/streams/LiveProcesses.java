package dev.leakwatch.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

import dev.leakwatch.detect.LeakDetector;
import dev.leakwatch.detect.ProcessDetector;

/**
 * The process store seen as live detectors. The store (changelogged, so exactly-once and restores
 * work) stays the truth as of every commit: a save marks the process unsaved, and just before the
 * task commits (the store's hook) each unsaved process is encoded and put once, however many
 * samples changed it since the last commit. In front of the store sits a bounded map of the
 * detectors already decoded, so a process seen every few seconds is not decoded from bytes each
 * time; it mirrors exactly what was saved since the processor was (re)initialised, and the least
 * recently used entries fall out of it beyond {@code capacity} (the unsaved ones stay reachable
 * until they are put).
 *
 * <p>While every stored process is also in memory ({@link #isComplete()}), the sweep for exited
 * processes looks them up here, the few its schedule says are due, instead of walking the store.
 */
final class LiveProcesses {
    private final CommitHookStore store;
    private final LeakDetector detector;
    private final Map<String, ProcessDetector> decoded;
    /** Saved since the last commit, not yet put into the store; in the order first saved, so commits write alike. */
    private final Map<String, ProcessDetector> unsaved = new LinkedHashMap<>();
    private boolean complete;

    /** Takes over the store's commit hook: from now on this object puts what is saved. */
    LiveProcesses(CommitHookStore store, LeakDetector detector, int capacity) {
        this.store = store;
        this.detector = detector;
        this.decoded = new LeastRecentlyUsed<>(capacity, () -> complete = false);
        loadAll(capacity);
        store.beforeCommit(this::putUnsaved);
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
        process = unsaved.get(key);
        if (process != null) {
            decoded.put(key, process);
            return process;
        }
        return decode(key, store.get(key));
    }

    /** Like {@link #find} for a store entry already in hand (the sweep iterates the store). */
    ProcessDetector find(String key, byte[] stored) {
        ProcessDetector process = decoded.get(key);
        return process != null ? process : decode(key, stored);
    }

    /** Keeps the process's state as it is now; it reaches the store at the next commit. */
    void save(String key, ProcessDetector process) {
        unsaved.put(key, process);
        decoded.put(key, process);
    }

    /** Puts every process saved since the last commit into the store, encoded as it is now. */
    void putUnsaved() {
        unsaved.forEach((key, process) -> store.put(key, process.toBytes()));
        unsaved.clear();
    }

    void delete(String key) {
        unsaved.remove(key);
        store.delete(key);
        decoded.remove(key);
    }

    /**
     * Drops what is in memory of a process left half-updated: the next sample decodes the state of
     * the last commit, as a task that failed and was restored would (samples since are not in it).
     */
    void forget(String key) {
        unsaved.remove(key);
        decoded.remove(key);
    }

    /** Every stored process (what was saved since the last commit put first); close it. */
    KeyValueIterator<String, byte[]> allStored() {
        putUnsaved();
        return store.all();
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
