package dev.leakwatch.streams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import dev.leakwatch.topic.TopicNames;

/**
 * How one streams-app instance connects and behaves. {@link #streamsConfig()} turns it into Kafka
 * Streams properties with production defaults: exactly-once v2, explicit names for every internal
 * topic, undecodable records to the dead-letter topic, and nothing wiped on start.
 *
 * @param kafka extra Kafka client properties (security settings, tuning); they win over the defaults
 */
public record StreamsAppSettings(
        String applicationId,
        String bootstrapServers,
        Path stateDir,
        TopicNames topics,
        Map<String, String> kafka,
        Duration closeTimeout) {

    public static final String DEFAULT_APPLICATION_ID = "leakwatch-streams";

    public StreamsAppSettings {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("application id must not be blank");
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be set (host:port[,host:port])");
        }
        if (stateDir == null) {
            throw new IllegalArgumentException("a state directory is required");
        }
        kafka = Map.copyOf(kafka);
    }

    public Properties streamsConfig() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.putAll(kafka);
        return props;
    }
}
