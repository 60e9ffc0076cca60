package dev.leakwatch.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;

/**
 * Sends samples to the samples topic, one record per process keyed {@code host/pid/start_time}, with
 * the sample's time as the record time (the streams app runs on event time).
 */
public final class SamplePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SamplePublisher.class);

    private final Producer<String, ProcessSample> producer;
    private final Topic<String, ProcessSample> topic;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** Log the first failure of a run of failures, not each of thousands during a broker outage. */
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param producerConfig Kafka producer settings, at least {@code bootstrap.servers}; they override
     *                       {@link #defaultConfig()}. Serializers come from the topic's serdes, which
     *                       must already be configured (a producer does not configure serializer instances).
     */
    public SamplePublisher(Map<String, ?> producerConfig, Topic<String, ProcessSample> topic) {
        this(new KafkaProducer<>(effectiveConfig(producerConfig), topic.keySerde().serializer(), topic.valueSerde().serializer()), topic);
    }

    SamplePublisher(Producer<String, ProcessSample> producer, Topic<String, ProcessSample> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Production defaults: idempotent with {@code acks=all} so a retry never duplicates or reorders
     * a process's samples; lz4 and a 20 ms linger so one tick's records travel in a few batches.
     */
    public static Map<String, Object> defaultConfig() {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "leakwatch-agent");
        return config;
    }

    static Map<String, Object> effectiveConfig(Map<String, ?> overrides) {
        final Object bootstrap = overrides.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw new IllegalArgumentException("the agent's producer config needs " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                    + " (e.g. KAFKA_BOOTSTRAP_SERVERS=broker-1:9092,broker-2:9092)");
        }
        final Map<String, Object> config = defaultConfig();
        config.putAll(overrides);
        return config;
    }

    public String topicName() {
        return topic.name();
    }

    /**
     * Hands the sample to the producer without waiting for the broker; the outcome is counted when
     * it arrives. A sample the producer refuses at once (it cannot be serialized, the buffer stayed
     * full for {@code max.block.ms}) is counted as failed, so one bad sample never stops a tick.
     */
    public void publish(ProcessSample sample) {
        final ProducerRecord<String, ProcessSample> record = new ProducerRecord<>(
                topic.name(), null, sample.getTimestamp().toEpochMilli(), ProcessKey.of(sample), sample);
        try {
            producer.send(record, this::onCompletion);
        } catch (InterruptException e) {
            failed.increment();
            throw e;
        } catch (RuntimeException e) {
            onCompletion(null, e);
        }
    }

    public void publish(List<ProcessSample> samples) {
        for (ProcessSample sample : samples) {
            publish(sample);
        }
    }

    /** Blocks until every sample handed over so far is acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    /** Samples the broker acknowledged. */
    public long sent() {
        return sent.sum();
    }

    /** Samples that were refused or not acknowledged within {@code delivery.timeout.ms}. */
    public long failed() {
        return failed.sum();
    }

    /** Sends what is buffered for up to {@code timeout}, then drops the rest and releases the producer. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void onCompletion(RecordMetadata metadata, Exception error) {
        if (error == null) {
            sent.increment();
            if (failing.compareAndSet(true, false)) {
                LOG.info("publishing samples to {} works again", topic.name());
            }
            return;
        }
        failed.increment();
        if (failing.compareAndSet(false, true)) {
            LOG.warn("cannot publish samples to {}; counting failures until it works again: {}", topic.name(), error.toString());
        } else {
            LOG.debug("sample not published", error);
        }
    }
}
