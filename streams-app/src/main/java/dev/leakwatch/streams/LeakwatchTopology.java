package dev.leakwatch.streams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.detect.ProcessTrends;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.Topic;

/**
 * The one place the streams topology is assembled. Production, replay and the tests all call
 * {@link #build}.
 *
 * <pre>
 * samples (key host/pid/start) ──▶ detect-leaks [store process-trends] ──▶ incidents (key incident id)
 * </pre>
 */
public final class LeakwatchTopology {
    /** Per-process trends, changelogged so a restarted instance resumes where it stopped. */
    public static final String TRENDS_STORE = "process-trends";

    private LeakwatchTopology() {
    }

    public static Topology build(Topic<String, ProcessSample> samples, Topic<String, LeakIncident> incidents,
                                 DetectorSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        StoreBuilder<KeyValueStore<String, ProcessTrends>> trendsStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TRENDS_STORE), Serdes.String(), ProcessTrendsSerde.create(settings));
        builder.addStateStore(trendsStore);

        builder.stream(samples.name(), Consumed.with(samples.keySerde(), samples.valueSerde()).withName("samples-source"))
                .process(() -> new DetectLeaksProcessor(TRENDS_STORE, settings), Named.as("detect-leaks"), TRENDS_STORE)
                .to(incidents.name(), Produced.with(incidents.keySerde(), incidents.valueSerde()).withName("incidents-sink"));
        return builder.build();
    }
}
