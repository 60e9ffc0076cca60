package dev.leakwatch.cli.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;

/**
 * Wraps one of the streams app's deserializers to watch it work without touching the topology:
 * counts the samples in the records (one per sample record, all of a host tick's) and notes when
 * the first and the n-th sample were taken up, and for records that carry
 * the bench's send-time header records how long after {@code send()} the stream thread took them.
 * Kafka Streams deserializes a record when it becomes the head of its partition queue, right
 * before processing it, so this is the moment the record reaches the processor. It also notes the
 * CPU time of the thread that took up the first sample, then and when it takes up the n-th: the
 * stream thread's CPU per sample, which the other threads of a shared machine disturb less than
 * the wall time.
 */
final class TimedDeserializer<T> implements Deserializer<T> {
    static final String SENT_HEADER = "leakwatch-bench-sent-nanos";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Deserializer<T> delegate;
    private final ToIntFunction<T> samplesIn;
    private final AtomicLong count = new AtomicLong();
    private final long target;
    private volatile long firstNanos;
    private volatile long targetReachedNanos;
    private volatile Thread firstThread;
    private volatile long firstCpuNanos;
    /** CPU time of the first sample's thread when it took up the n-th; -1 until then, or when another thread did. */
    private volatile long targetCpuNanos = -1;
    private long[] latencies = new long[1 << 14];
    private int latencyCount;

    TimedDeserializer(Deserializer<T> delegate, ToIntFunction<T> samplesIn, long target) {
        this.delegate = delegate;
        this.samplesIn = samplesIn;
        this.target = target;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return noted(null, delegate.deserialize(topic, data));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return noted(headers, delegate.deserialize(topic, headers, data));
    }

    static TimedDeserializer<ProcessSample> ofSamples(Deserializer<ProcessSample> delegate, long target) {
        return new TimedDeserializer<>(delegate, sample -> 1, target);
    }

    static TimedDeserializer<HostTick> ofHostTicks(Deserializer<HostTick> delegate, long target) {
        return new TimedDeserializer<>(delegate, tick -> tick.getSamples().size(), target);
    }

    private T noted(Headers headers, T value) {
        long now = System.nanoTime();
        int samples = value == null ? 0 : samplesIn.applyAsInt(value);
        long n = count.addAndGet(samples);
        if (n == samples && samples > 0) {
            firstNanos = now;
            firstThread = Thread.currentThread();
            firstCpuNanos = THREADS.getCurrentThreadCpuTime();
        }
        if (n >= target && n - samples < target) {
            if (Thread.currentThread() == firstThread) {
                targetCpuNanos = THREADS.getCurrentThreadCpuTime();
            }
            targetReachedNanos = now;
        }
        Header sent = headers == null ? null : headers.lastHeader(SENT_HEADER);
        if (sent != null && sent.value() != null && sent.value().length == Long.BYTES) {
            record(now - ByteBuffer.wrap(sent.value()).getLong());
        }
        return value;
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

    /**
     * CPU seconds the thread that took up the first sample spent until it took up the n-th; NaN when
     * another thread took that one up, or when the JVM does not measure thread CPU time.
     */
    double cpuSecondsToTarget() {
        long first = firstCpuNanos;
        long last = targetCpuNanos;
        return last < 0 || first < 0 ? Double.NaN : (last - first) / 1e9;
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
