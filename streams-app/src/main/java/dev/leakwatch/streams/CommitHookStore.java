package dev.leakwatch.streams;

import java.util.Map;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A Kafka Streams key-value store (named, changelogged, restored as usual: the ordinary store layers
 * are inside) that runs a hook of its processor's just before every commit writes the store to its
 * changelog. A processor that changes a value many times between two commits can so keep it as an
 * object and put its bytes once per commit, instead of encoding and putting them at every change:
 * the hook puts what changed, and the commit then sends it in the same transaction as the input
 * offsets it reflects, as Kafka Streams' own record cache does.
 *
 * <p>Kafka Streams asks every store that keeps a cache ({@link CachedStateStore}, the interface its
 * own caching layer implements) to flush it before a task commits, on every path that commits
 * (commit interval, rebalance, clean close): that call runs the hook. What the hook would have put
 * is dropped when the task closes without committing (a dirty close, whose transaction aborts, or
 * a recycled task), as Kafka Streams drops its record cache then.
 */
final class CommitHookStore implements StateStore, CachedStateStore<String, byte[]> {
    private final KeyValueStore<String, byte[]> inner;
    private Runnable beforeCommit;

    CommitHookStore(KeyValueStore<String, byte[]> inner) {
        this.inner = inner;
    }

    /** A builder of this store around the one {@code inner} builds (its name, changelog and caching). */
    static StoreBuilder<CommitHookStore> builder(StoreBuilder<KeyValueStore<String, byte[]>> inner) {
        return new Builder(inner);
    }

    /** Sets what runs just before each commit (replacing the previous hook, e.g. after the task was re-initialised). */
    void beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
    }

    byte[] get(String key) {
        return inner.get(key);
    }

    void put(String key, byte[] value) {
        inner.put(key, value);
    }

    void delete(String key) {
        inner.delete(key);
    }

    /** Every stored entry; what the hook has not put yet is not among them. Close it. */
    KeyValueIterator<String, byte[]> all() {
        return inner.all();
    }

    long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    @Override
    public void flushCache() {
        if (beforeCommit != null) {
            beforeCommit.run();
        }
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    /** Only the inner store's: the hook runs in {@link #flushCache}, the one call made before every commit. */
    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public void clearCache() {
        beforeCommit = null; // the task is recycled: what is pending must not reach the changelog
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false; // nothing is forwarded from this store
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void close() {
        beforeCommit = null; // a clean close committed first; a dirty one must not write what is pending
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    private record Builder(StoreBuilder<KeyValueStore<String, byte[]>> inner) implements StoreBuilder<CommitHookStore> {
        @Override
        public StoreBuilder<CommitHookStore> withCachingEnabled() {
            return new Builder(inner.withCachingEnabled());
        }

        @Override
        public StoreBuilder<CommitHookStore> withCachingDisabled() {
            return new Builder(inner.withCachingDisabled());
        }

        @Override
        public StoreBuilder<CommitHookStore> withLoggingEnabled(Map<String, String> config) {
            return new Builder(inner.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<CommitHookStore> withLoggingDisabled() {
            return new Builder(inner.withLoggingDisabled());
        }

        @Override
        public CommitHookStore build() {
            return new CommitHookStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
