package dev.leakwatch.sim;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.HostPartitioner;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;

/**
 * Sends simulated samples exactly as the agent does: keyed {@code host/pid/start_time}, or whole
 * host ticks keyed by host; record time = sample time.
 */
public final class KafkaSamples {
    private KafkaSamples() {
    }

    /**
     * A producer with the agent's defaults (idempotent, {@code acks=all}, lz4, 20 ms linger, 256 KiB
     * batches, {@link HostPartitioner}); {@code config} (at least {@code bootstrap.servers}) wins over them.
     */
    public static <V> Producer<String, V> producer(Map<String, ?> config, Topic<String, V> topic) {
        Map<String, Object> effective = new HashMap<>();
        effective.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        effective.put(ProducerConfig.ACKS_CONFIG, "all");
        effective.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        effective.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        effective.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        effective.put(ProducerConfig.CLIENT_ID_CONFIG, "leakwatch-simulator");
        // as the agent: all of a host's samples on one partition (a host tick's key is the host itself)
        effective.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, HostPartitioner.class.getName());
        effective.putAll(config);
        if (effective.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("the simulator's producer needs " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        return new KafkaProducer<>(effective, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public static ProducerRecord<String, ProcessSample> record(Topic<String, ProcessSample> topic, ProcessSample sample) {
        return new ProducerRecord<>(topic.name(), null, sample.getTimestamp().toEpochMilli(), ProcessKey.of(sample), sample);
    }

    public static ProducerRecord<String, HostTick> record(Topic<String, HostTick> topic, HostTick tick) {
        return new ProducerRecord<>(topic.name(), null, tick.getTimestamp().toEpochMilli(), tick.getHost(), tick);
    }
}
