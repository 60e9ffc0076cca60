package dev.leakwatch.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.HostPartitioner;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;

/**
 * Sends samples to the samples topic, one record per process keyed {@code host/pid/start_time}, or
 * to the host-ticks topic, one {@link HostTick} record per tick keyed by host ({@link #ofHostTicks}),
 * with the sample's time as the record time (the streams app runs on event time). Every count is in
 * samples, whichever form carries them.
 *
 * <p>Samples are serialized when they are published and wait in a {@link SampleBuffer} bounded by
 * bytes; a sender thread hands them to an idempotent producer in order, at most a window's worth at
 * a time. The producer never gives up on a record ({@code delivery.timeout.ms} is unbounded), so
 * while the broker is away the window stays with the producer, everything newer waits in the buffer
 * and the oldest of those are dropped when it is full; once the broker is back everything left is
 * sent in order, exactly once (idempotence keeps retries from duplicating or reordering).
 */
public final class SamplePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SamplePublisher.class);
    /** What the producer may hold unacknowledged: the rest waits in the buffer, where the oldest can be dropped. */
    static final long WINDOW_BYTES = 1L << 20;
    /** A host tick larger than this goes out in halves, well under Kafka's 1 MiB default record limits. */
    static final int MAX_TICK_BYTES = 512 * 1024;
    private static final long RETRY_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX_RETRY_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Producer<String, byte[]> producer;
    private final String topicName;
    /** Serializes single samples; null when publishing host ticks. */
    private final Serializer<ProcessSample> values;
    /** Serializes host ticks; null when publishing single samples. */
    private final Serializer<HostTick> tickValues;
    private final SampleBuffer buffer;
    private final Thread sender;
    private final LongAdder published = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** Log the first failure of a run of failures, not each of thousands during a broker outage. */
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean waitingForBroker = new AtomicBoolean();
    /** Set while the buffer drops samples, so that an outage logs one line when drops start and one when they stop. */
    private boolean dropping;
    private long droppedBefore;
    private volatile boolean closing;
    private volatile boolean closed;
    /** The record the sender is inside {@code send()} with: a callback for it then reports a refusal, not an outcome. */
    private volatile SampleBuffer.Entry sending;
    private volatile Exception refusal;

    /**
     * @param producerConfig Kafka producer settings, at least {@code bootstrap.servers}; they override
     *                       {@link #defaultConfig()}. Serializers come from the topic's serdes, which
     *                       must already be configured (a producer does not configure serializer instances).
     */
    public SamplePublisher(Map<String, ?> producerConfig, Topic<String, ProcessSample> topic) {
        this(producerConfig, topic, AgentSettings.DEFAULT_BUFFER_BYTES);
    }

    /** @param bufferBytes how many bytes of samples may wait while the broker is unreachable */
    public SamplePublisher(Map<String, ?> producerConfig, Topic<String, ProcessSample> topic, long bufferBytes) {
        this(new KafkaProducer<>(effectiveConfig(producerConfig), topic.keySerde().serializer(), new ByteArraySerializer()), topic, bufferBytes,
                WINDOW_BYTES);
    }

    /**
     * The producer takes the key as a String (its partitioner reads the host from it) and the value
     * as bytes serialized before the sample is buffered.
     */
    SamplePublisher(Producer<String, byte[]> producer, Topic<String, ProcessSample> topic, long bufferBytes, long windowBytes) {
        this(producer, topic.name(), topic.valueSerde().serializer(), null, bufferBytes, windowBytes);
    }

    /**
     * Publishes each tick as one {@link HostTick} record keyed by host on {@code topic}: Kafka's
     * per-record cost is paid once per host tick instead of once per process.
     */
    public static SamplePublisher ofHostTicks(Map<String, ?> producerConfig, Topic<String, HostTick> topic, long bufferBytes) {
        return new SamplePublisher(new KafkaProducer<>(effectiveConfig(producerConfig), topic.keySerde().serializer(), new ByteArraySerializer()),
                topic.name(), null, topic.valueSerde().serializer(), bufferBytes, WINDOW_BYTES);
    }

    static SamplePublisher ofHostTicks(Producer<String, byte[]> producer, Topic<String, HostTick> topic, long bufferBytes, long windowBytes) {
        return new SamplePublisher(producer, topic.name(), null, topic.valueSerde().serializer(), bufferBytes, windowBytes);
    }

    private SamplePublisher(Producer<String, byte[]> producer, String topicName, Serializer<ProcessSample> values,
                            Serializer<HostTick> tickValues, long bufferBytes, long windowBytes) {
        this.producer = producer;
        this.topicName = topicName;
        this.values = values;
        this.tickValues = tickValues;
        this.buffer = new SampleBuffer(bufferBytes, windowBytes);
        this.sender = new Thread(this::sendLoop, "leakwatch-agent-sender");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /**
     * Production defaults: idempotent with {@code acks=all} so a retry never duplicates or reorders
     * a process's samples; lz4 and a 20 ms linger so one tick's records travel in a few batches; no
     * delivery timeout, because giving up on a record would either lose it or, sent again, reorder it
     * (the buffer in front decides what to drop); a short {@code max.block.ms} so that a sender
     * waiting for metadata notices a shutdown soon; and all of a host's samples on one partition
     * ({@link HostPartitioner}), so that the streams app can tell an exited process from a silent host.
     */
    public static Map<String, Object> defaultConfig() {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L << 20);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "leakwatch-agent");
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, HostPartitioner.class.getName());
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
        return topicName;
    }

    /**
     * Serializes the sample and queues it without waiting for the broker. A sample that cannot be
     * serialized (the schema registry is unreachable before the schema's id is known, say) is
     * counted as failed, so one bad sample never stops a tick.
     */
    public void publish(ProcessSample sample) {
        if (values == null) {
            publish(List.of(sample));
            return;
        }
        if (closing) {
            throw new IllegalStateException("the publisher to " + topicName + " is closing");
        }
        final String key = ProcessKey.of(sample);
        final byte[] value;
        try {
            value = values.serialize(topicName, sample);
        } catch (RuntimeException e) {
            failed.increment();
            noteFailure(e);
            return;
        }
        buffer.add(new SampleBuffer.Entry(sample.getTimestamp().toEpochMilli(), key, value));
        published.increment();
        noteDrops();
    }

    /** Called from the tick thread only. */
    private void noteDrops() {
        final long dropped = buffer.dropped();
        if (dropped > droppedBefore && !dropping) {
            dropping = true;
            LOG.warn("the sample buffer for {} is full ({} bytes) while the broker does not take samples: dropping the oldest ones",
                    topicName, buffer.capacityBytes());
        } else if (dropping && buffer.waitingBytes() < buffer.capacityBytes() / 2) {
            dropping = false;
            LOG.info("the sample buffer for {} has room again; {} samples were dropped in all", topicName, dropped);
        }
        droppedBefore = dropped;
    }

    /** Publishes one tick's samples of this host: one record each, or one host tick for all of them. */
    public void publish(List<ProcessSample> samples) {
        if (tickValues == null) {
            for (ProcessSample sample : samples) {
                publish(sample);
            }
            return;
        }
        if (samples.isEmpty()) {
            return; // no process selected: nothing to judge (a tick without samples would not count as a sign of life either)
        }
        if (closing) {
            throw new IllegalStateException("the publisher to " + topicName + " is closing");
        }
        final ProcessSample first = samples.get(0);
        final HostTick tick = HostTick.newBuilder().setHost(first.getHost()).setTimestamp(first.getTimestamp())
                .setSamples(samples).build();
        final byte[] value;
        try {
            value = tickValues.serialize(topicName, tick);
        } catch (RuntimeException e) {
            failed.add(samples.size());
            noteFailure(e);
            return;
        }
        if (value.length > MAX_TICK_BYTES && samples.size() > 1) {
            // thousands of processes, long command lines: several ticks of the same host and instant are fine downstream
            publish(samples.subList(0, samples.size() / 2));
            publish(samples.subList(samples.size() / 2, samples.size()));
            return;
        }
        buffer.add(new SampleBuffer.Entry(first.getTimestamp().toEpochMilli(), first.getHost(), value, samples.size()));
        published.add(samples.size());
        noteDrops();
    }

    /** Waits until every sample published so far has been acknowledged or has failed; false if {@code timeout} came first. */
    public boolean flush(Duration timeout) {
        try {
            return buffer.awaitEmpty(System.nanoTime() + timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Samples serialized and queued. */
    public long published() {
        return published.sum();
    }

    /** Samples the broker acknowledged. */
    public long sent() {
        return sent.sum();
    }

    /** Samples that could not be serialized or that the broker refused for good (not for being unreachable). */
    public long failed() {
        return failed.sum();
    }

    /** Samples dropped unsent: the oldest waiting ones when the buffer was full, and those left at shutdown. */
    public long dropped() {
        return buffer.dropped();
    }

    /** Bytes of samples waiting to be handed to the producer. */
    public long bufferedBytes() {
        return buffer.waitingBytes();
    }

    public int bufferedRecords() {
        return buffer.waitingRecords();
    }

    /** Bytes of samples handed to the producer and not yet acknowledged. */
    public long inFlightBytes() {
        return buffer.inFlightBytes();
    }

    public long bufferCapacityBytes() {
        return buffer.capacityBytes();
    }

    /**
     * Sends what is buffered for up to {@code timeout}, then drops the rest (counted) and releases the
     * producer. A bare flush could wait forever while the broker is away.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        closing = true;
        boolean drained;
        try {
            drained = buffer.awaitEmpty(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        closed = true;
        sender.interrupt();
        try {
            sender.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final int left = buffer.discardWaiting();
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (!drained) {
            LOG.warn("closed the publisher to {} before everything was sent: {} samples dropped unsent, {} failed in all",
                    topicName, left, failed());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void sendLoop() {
        long backoff = RETRY_BACKOFF_NANOS;
        while (!closed) {
            final SampleBuffer.Entry entry;
            try {
                entry = buffer.take(TimeUnit.MILLISECONDS.toNanos(200));
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (entry == null) {
                continue;
            }
            final Exception refused = send(entry);
            if (refused == null) {
                backoff = RETRY_BACKOFF_NANOS;
                continue;
            }
            if (refused instanceof RetriableException && !closed) {
                buffer.putBack(entry);
                if (waitingForBroker.compareAndSet(false, true)) {
                    LOG.warn("cannot hand samples for {} to the producer yet, retrying: {}", topicName, refused.toString());
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(backoff);
                } catch (InterruptedException e) {
                    if (closed) {
                        return;
                    }
                }
                backoff = Math.min(backoff * 2, MAX_RETRY_BACKOFF_NANOS);
            } else {
                buffer.settled(entry);
                failed.add(entry.samples());
                noteFailure(refused);
            }
        }
    }

    /** Hands one record to the producer; returns the error if the producer refused it at once. */
    private Exception send(SampleBuffer.Entry entry) {
        refusal = null;
        sending = entry;
        try {
            producer.send(new ProducerRecord<>(topicName, null, entry.timestamp(), entry.key(), entry.value()), new Outcome(entry));
        } catch (InterruptException e) {
            Thread.interrupted();
            return new org.apache.kafka.common.errors.TimeoutException("interrupted while handing a sample to the producer", e);
        } catch (RuntimeException e) {
            return e;
        } finally {
            sending = null;
        }
        return refusal;
    }

    private void noteFailure(Exception error) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("cannot publish samples to {}; counting failures until it works again: {}", topicName, error.toString());
        } else {
            LOG.debug("sample not published", error);
        }
    }

    /** The broker's answer for one record, or the producer's refusal while the sender is still inside send(). */
    private final class Outcome implements Callback {
        private final SampleBuffer.Entry entry;

        Outcome(SampleBuffer.Entry entry) {
            this.entry = entry;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null && sending == entry && Thread.currentThread() == sender) {
                refusal = error;
                return;
            }
            buffer.settled(entry);
            if (error == null) {
                sent.add(entry.samples());
                if (failing.compareAndSet(true, false) | waitingForBroker.compareAndSet(true, false)) {
                    LOG.info("publishing samples to {} works again", topicName);
                }
                return;
            }
            failed.add(entry.samples());
            noteFailure(error);
        }
    }
}
