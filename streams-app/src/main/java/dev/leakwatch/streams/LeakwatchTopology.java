package dev.leakwatch.streams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.detect.LeakDetector;
import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.Topic;

/**
 * The one place the streams topology is assembled. Production, replay and the tests all call
 * {@link #build}.
 *
 * <pre>
 * samples ─────────────────────────────▶ validate-samples ──▶ detect-leaks [process-state, host-activity] ──▶ incidents (key incident id)
 * host-ticks ──▶ split-host-ticks ──(one per process)──┘   └──(invalid, reason in a header)──▶ dead letters
 * </pre>
 *
 * Agents publish either form; both topics are partitioned by host with the same partition count,
 * so one task sees all of a host's processes whichever form they came in.
 *
 * Records that cannot even be decoded reach the dead-letter topic through Kafka Streams' own
 * dead-letter handling (see StreamsAppSettings).
 */
public final class LeakwatchTopology {
    /** Per process incarnation: the detector's state, changelogged so a restarted instance resumes. */
    public static final String PROCESS_STORE = "process-state";
    /** Per host: the newest event time seen, to tell a process that exited from a host that went silent. */
    public static final String HOST_STORE = "host-activity";

    record StoreNames(String processes, String hosts) {
    }

    private LeakwatchTopology() {
    }

    public static Topology build(Topic<String, ProcessSample> samples, Topic<String, HostTick> hostTicks,
                                 Topic<String, LeakIncident> incidents, Topic<String, ProcessSample> deadLetters,
                                 DetectorSettings settings) {
        StoreNames stores = new StoreNames(PROCESS_STORE, HOST_STORE);
        // cached: puts to one key between commits reach the changelog once (a backlog, or fast agents)
        StoreBuilder<KeyValueStore<String, byte[]>> processStore = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PROCESS_STORE), Serdes.String(), Serdes.ByteArray()).withCachingEnabled();
        StoreBuilder<KeyValueStore<String, Long>> hostStore = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(HOST_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled();

        Topology topology = new Topology();
        topology.addSource("samples-source", samples.keySerde().deserializer(), samples.valueSerde().deserializer(),
                samples.name());
        topology.addSource("host-ticks-source", hostTicks.keySerde().deserializer(), hostTicks.valueSerde().deserializer(),
                hostTicks.name());
        topology.addProcessor("split-host-ticks", () -> new SplitHostTicksProcessor("validate-samples", "dead-letters-sink"),
                "host-ticks-source");
        topology.addProcessor("validate-samples", () -> new ValidateSamplesProcessor("detect-leaks", "dead-letters-sink",
                settings.maxFutureSkew().toMillis()), "samples-source", "split-host-ticks");
        topology.addProcessor("detect-leaks", () -> new DetectLeaksProcessor(stores, new LeakDetector(settings)),
                "validate-samples");
        topology.addStateStore(processStore, "detect-leaks");
        topology.addStateStore(hostStore, "detect-leaks");
        topology.addSink("incidents-sink", incidents.name(), incidents.keySerde().serializer(),
                incidents.valueSerde().serializer(), "detect-leaks");
        topology.addSink("dead-letters-sink", deadLetters.name(), deadLetters.keySerde().serializer(),
                deadLetters.valueSerde().serializer(), "validate-samples", "split-host-ticks");
        return topology;
    }
}
