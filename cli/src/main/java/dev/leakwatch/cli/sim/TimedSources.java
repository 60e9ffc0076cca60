package dev.leakwatch.cli.sim;

import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.serde.ConfluentAvroSerde;
import dev.leakwatch.topic.Topic;
import dev.leakwatch.topic.TopicNames;

/**
 * The two source topics of a streams app under test, with deserializers that time it
 * ({@link TimedDeserializer}): the backlog's form ({@code ticks}: host ticks, else single samples)
 * decides which of them counts to {@code samples} and is {@link #timed()}.
 */
record TimedSources(Topic<String, ProcessSample> samples, Topic<String, HostTick> hostTicks,
                    TimedDeserializer<ProcessSample> sampleRecords, TimedDeserializer<HostTick> tickRecords, boolean ticks) {

    static TimedSources of(TopicNames names, Map<String, Object> serde, boolean ticks, long samples) {
        TimedDeserializer<ProcessSample> sampleRecords = TimedDeserializer.ofSamples(
                ConfluentAvroSerde.forValues(ProcessSample.class, serde).deserializer(), ticks ? Long.MAX_VALUE : samples);
        TimedDeserializer<HostTick> tickRecords = TimedDeserializer.ofHostTicks(
                ConfluentAvroSerde.forValues(HostTick.class, serde).deserializer(), ticks ? samples : Long.MAX_VALUE);
        return new TimedSources(
                new Topic<>(names.samples(), Serdes.String(),
                        Serdes.serdeFrom(ConfluentAvroSerde.forValues(ProcessSample.class, serde).serializer(), sampleRecords)),
                new Topic<>(names.hostTicks(), Serdes.String(),
                        Serdes.serdeFrom(ConfluentAvroSerde.forValues(HostTick.class, serde).serializer(), tickRecords)),
                sampleRecords, tickRecords, ticks);
    }

    /** The deserializer of the backlog's form, which counts to the backlog's size. */
    TimedDeserializer<?> timed() {
        return ticks ? tickRecords : sampleRecords;
    }
}
