package dev.leakwatch.topic;

import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with the serdes of its keys and values: the one description of a topic that the
 * agent, the simulator, the streams app, the CLI and the tests share.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a non-blank name");
        }
    }
}
