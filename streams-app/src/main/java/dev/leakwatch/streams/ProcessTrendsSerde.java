package dev.leakwatch.streams;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.detect.ProcessTrends;

/** State-store serde for a process's trends: the detector's own compact binary form. */
final class ProcessTrendsSerde {
    private ProcessTrendsSerde() {
    }

    static Serde<ProcessTrends> create(DetectorSettings settings) {
        Serializer<ProcessTrends> serializer = (topic, trends) -> trends == null ? null : trends.toBytes();
        Deserializer<ProcessTrends> deserializer = (topic, bytes) ->
                bytes == null ? null : ProcessTrends.fromBytes(bytes, settings);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
