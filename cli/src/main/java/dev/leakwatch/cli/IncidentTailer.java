package dev.leakwatch.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.topic.Topic;

/**
 * Reads the incident topic live, without a consumer group (watching never moves anybody's offsets),
 * and only committed transactions: what the exactly-once streams app really emitted.
 */
final class IncidentTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentTailer.class);
    private final KafkaConsumer<String, LeakIncident> consumer;

    IncidentTailer(Map<String, Object> kafkaConfig, Topic<String, LeakIncident> topic, boolean fromBeginning) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic.name() + " does not exist");
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    /** Hands every incident to {@code sink} until {@code keepGoing} says stop. */
    void run(Consumer<LeakIncident> sink, BooleanSupplier keepGoing) {
        while (keepGoing.getAsBoolean()) {
            try {
                for (ConsumerRecord<String, LeakIncident> record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() != null) {
                        sink.accept(record.value());
                    }
                }
            } catch (SerializationException e) {
                // a record nobody can decode must not stop on-call's view: say so and step over it
                LOG.warn("skipping an undecodable incident record: {}", e.getMessage());
                skipPastBadRecord(e);
            }
        }
    }

    private void skipPastBadRecord(SerializationException e) {
        if (e instanceof org.apache.kafka.common.errors.RecordDeserializationException bad) {
            consumer.seek(bad.topicPartition(), bad.offset() + 1);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
