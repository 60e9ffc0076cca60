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
 * samples ─────────────────────────────▶ validate-samples ──▶ detect-leaks [process-state, host-activity, service-levels] ──▶ incidents (key incident id)
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
    /** Per host and service: the levels its ended incarnations held (see ServiceHistory). */
    public static final String SERVICE_STORE = "service-levels";

    private static final String VALIDATE = "validate-samples";
    private static final String DETECT = "detect-leaks";
    private static final String DEAD_LETTERS = "dead-letters-sink";

    record StoreNames(String processes, String hosts, String services) {
    }

    private LeakwatchTopology() {
    }

    public static Topology build(Topic<String, ProcessSample> samples, Topic<String, HostTick> hostTicks,
                                 Topic<String, LeakIncident> incidents, Topic<String, ProcessSample> deadLetters,
                                 DetectorSettings settings) {
        StoreNames stores = new StoreNames(PROCESS_STORE, HOST_STORE, SERVICE_STORE);
        // not cached: the processor puts each process changed since the last commit once, just
        // before the commit (CommitHookStore), rather than encoding and caching it at every sample
        StoreBuilder<CommitHookStore> processStore = CommitHookStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PROCESS_STORE), Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
        StoreBuilder<KeyValueStore<String, Long>> hostStore = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(HOST_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled();
        StoreBuilder<KeyValueStore<String, byte[]>> serviceStore = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(SERVICE_STORE), Serdes.String(), Serdes.ByteArray()).withCachingEnabled();

        Topology topology = new Topology();
        addIngest(topology, samples, hostTicks, deadLetters, settings);
        topology.addProcessor(DETECT, () -> new DetectLeaksProcessor(stores, new LeakDetector(settings)), VALIDATE);
        topology.addStateStore(processStore, DETECT);
        topology.addStateStore(hostStore, DETECT);
        topology.addStateStore(serviceStore, DETECT);
        topology.addSink("incidents-sink", incidents.name(), incidents.keySerde().serializer(),
                incidents.valueSerde().serializer(), DETECT);
        return topology;
    }

    /**
     * The same sources, host-tick split, validation and dead letters as {@link #build}, ending in a
     * processor that only reads each valid sample's fields: no detection, no state store, no
     * incidents. For benchmarks, to see what Kafka Streams itself costs per sample.
     */
    public static Topology buildIngestOnly(Topic<String, ProcessSample> samples, Topic<String, HostTick> hostTicks,
                                           Topic<String, ProcessSample> deadLetters, DetectorSettings settings) {
        Topology topology = new Topology();
        addIngest(topology, samples, hostTicks, deadLetters, settings);
        topology.addProcessor(DETECT, ReadSampleFieldsProcessor::new, VALIDATE);
        return topology;
    }

    /** Sources, split and validation, whose valid samples go to a processor named {@value #DETECT} that the caller adds. */
    private static void addIngest(Topology topology, Topic<String, ProcessSample> samples, Topic<String, HostTick> hostTicks,
                                  Topic<String, ProcessSample> deadLetters, DetectorSettings settings) {
        topology.addSource("samples-source", samples.keySerde().deserializer(), samples.valueSerde().deserializer(),
                samples.name());
        topology.addSource("host-ticks-source", hostTicks.keySerde().deserializer(), hostTicks.valueSerde().deserializer(),
                hostTicks.name());
        topology.addProcessor("split-host-ticks", () -> new SplitHostTicksProcessor(VALIDATE, DEAD_LETTERS),
                "host-ticks-source");
        topology.addProcessor(VALIDATE, () -> new ValidateSamplesProcessor(DETECT, DEAD_LETTERS,
                settings.maxFutureSkew().toMillis()), "samples-source", "split-host-ticks");
        topology.addSink(DEAD_LETTERS, deadLetters.name(), deadLetters.keySerde().serializer(),
                deadLetters.valueSerde().serializer(), VALIDATE, "split-host-ticks");
    }
}
