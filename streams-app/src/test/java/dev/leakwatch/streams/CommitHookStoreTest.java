package dev.leakwatch.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommitHookStoreTest {
    private CommitHookStore store;

    @BeforeEach
    void openStore() {
        store = builder().withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private static StoreBuilder<CommitHookStore> builder() {
        return CommitHookStore.builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("process-state"),
                Serdes.String(), Serdes.ByteArray()));
    }

    @Test
    void whatTheHookPutsIsStoredWhenKafkaStreamsFlushesCachesBeforeACommit() {
        store.beforeCommit(() -> store.put("web-17/4242/1", new byte[] {4, 2}));

        assertThat(store.get("web-17/4242/1")).isNull();
        store.flushCache(); // what StreamTask#prepareCommit calls on every cached store

        assertThat(store.get("web-17/4242/1")).containsExactly(4, 2);
    }

    @Test
    void aLaterHookReplacesTheEarlierOne() {
        AtomicInteger earlier = new AtomicInteger();
        AtomicInteger later = new AtomicInteger();
        store.beforeCommit(earlier::incrementAndGet);
        store.beforeCommit(later::incrementAndGet);

        store.flushCache();
        store.flushCache();

        assertThat(earlier).hasValue(0);
        assertThat(later).hasValue(2);
    }

    @Test
    void aRecycledTaskDoesNotWriteWhatWasPending() {
        AtomicInteger runs = new AtomicInteger();
        store.beforeCommit(runs::incrementAndGet);

        store.clearCache();
        store.flushCache();

        assertThat(runs).hasValue(0);
    }

    @Test
    void keepsTheInnerStoresNameAndChangelog() {
        StoreBuilder<CommitHookStore> logged = builder().withLoggingEnabled(Map.of("min.insync.replicas", "2"));

        assertThat(logged.name()).isEqualTo("process-state");
        assertThat(logged.loggingEnabled()).isTrue();
        assertThat(logged.logConfig()).containsEntry("min.insync.replicas", "2");
        assertThat(store.name()).isEqualTo("process-state");
    }
}
