package dev.leakwatch.cli.sim;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import dev.leakwatch.schema.ProcessSample;

/**
 * Wraps the streams app's sample deserializer to watch it work without touching the topology:
 * counts records and notes when the first and the n-th were taken up, and for records that carry
 * the bench's send-time header records how long after {@code send()} the stream thread took them.
 * Kafka Streams deserializes a record when it becomes the head of its partition queue, right
 * before processing it, so this is the moment the record reaches the processor.
 */
final class TimedSampleDeserializer implements Deserializer<ProcessSample> {
    static final String SENT_HEADER = "leakwatch-bench-sent-nanos";

    private final Deserializer<ProcessSample> delegate;
    private final AtomicLong count = new AtomicLong();
    private final long target;
    private volatile long firstNanos;
    private volatile long targetReachedNanos;
    private long[] latencies = new long[1 << 14];
    private int latencyCount;

    TimedSampleDeserializer(Deserializer<ProcessSample> delegate, long target) {
        this.delegate = delegate;
        this.target = target;
    }

    @Override
    public ProcessSample deserialize(String topic, byte[] data) {
        note(null);
        return delegate.deserialize(topic, data);
    }

    @Override
    public ProcessSample deserialize(String topic, Headers headers, byte[] data) {
        note(headers);
        return delegate.deserialize(topic, headers, data);
    }

    private void note(Headers headers) {
        long now = System.nanoTime();
        long n = count.incrementAndGet();
        if (n == 1) {
            firstNanos = now;
        }
        if (n == target) {
            targetReachedNanos = now;
        }
        Header sent = headers == null ? null : headers.lastHeader(SENT_HEADER);
        if (sent != null && sent.value() != null && sent.value().length == Long.BYTES) {
            record(now - ByteBuffer.wrap(sent.value()).getLong());
        }
    }

    private synchronized void record(long latencyNanos) {
        if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = latencyNanos;
    }

    long count() {
        return count.get();
    }

    long firstNanos() {
        return firstNanos;
    }

    /** When the target-th record was taken up; 0 until then. */
    long targetReachedNanos() {
        return targetReachedNanos;
    }

    synchronized long[] latencies() {
        return Arrays.copyOf(latencies, latencyCount);
    }

    static byte[] sentHeader(long nanos) {
        return ByteBuffer.allocate(Long.BYTES).putLong(nanos).array();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
