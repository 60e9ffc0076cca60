package dev.leakwatch.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.detect.LeakDetector;
import dev.leakwatch.detect.LeakResource;
import dev.leakwatch.detect.ProcessDetector;
import dev.leakwatch.detect.Reading;

class LiveProcessesTest {
    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());
    private CommitHookStore store;

    @BeforeEach
    void openStore() {
        store = CommitHookStore.builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("process-state"),
                Serdes.String(), Serdes.ByteArray())).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void putsEachProcessSavedSinceTheLastCommitOnceAtTheCommitAsItIsThen() {
        LiveProcesses processes = new LiveProcesses(store, detector, 10);
        ProcessDetector process = observed(detector.newProcess(), 0);
        processes.save("web-17/1/0", process);
        observed(process, 60_000);
        processes.save("web-17/1/0", process);

        assertThat(store.get("web-17/1/0")).isNull();
        store.flushCache();

        assertThat(store.get("web-17/1/0")).isEqualTo(observed(detector.newProcess(), 0, 60_000).toBytes());
    }

    @Test
    void findsAnUnsavedProcessThatLeftTheDecodedMap() {
        LiveProcesses processes = new LiveProcesses(store, detector, 1);
        ProcessDetector first = observed(detector.newProcess(), 0);
        processes.save("web-17/1/0", first);
        processes.save("web-17/2/0", observed(detector.newProcess(), 0)); // the map holds one: the first falls out

        assertThat(processes.isComplete()).isFalse();
        assertThat(processes.find("web-17/1/0")).isSameAs(first);
    }

    @Test
    void aDeletedOrForgottenProcessIsNotPutAtTheCommit() {
        LiveProcesses processes = new LiveProcesses(store, detector, 10);
        processes.save("web-17/1/0", observed(detector.newProcess(), 0));
        processes.save("web-17/2/0", observed(detector.newProcess(), 0));

        processes.delete("web-17/1/0");
        processes.forget("web-17/2/0");
        store.flushCache();

        assertThat(store.get("web-17/1/0")).isNull();
        assertThat(store.get("web-17/2/0")).isNull();
        assertThat(processes.find("web-17/2/0")).isNull();
    }

    @Test
    void iteratingTheStoreSeesWhatWasSavedSinceTheLastCommit() {
        LiveProcesses processes = new LiveProcesses(store, detector, 10);
        processes.save("web-17/1/0", observed(detector.newProcess(), 0));

        try (var all = processes.allStored()) {
            assertThat(all.next().key).isEqualTo("web-17/1/0");
            assertThat(all.hasNext()).isFalse();
        }
    }

    private static ProcessDetector observed(ProcessDetector process, long... times) {
        for (long time : times) {
            process.observe(time, List.of(new Reading(LeakResource.OPEN_FDS, 100 + time / 60_000, 1024)));
        }
        return process;
    }
}
