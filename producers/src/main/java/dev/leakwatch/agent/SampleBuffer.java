package dev.leakwatch.agent;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialized samples waiting for the broker, bounded by bytes: when a new one does not fit, the
 * oldest waiting ones are dropped (and counted), because the newest say most about a process now.
 *
 * <p>A sender takes records from the head and hands them to the Kafka client, which keeps them until
 * the broker acknowledges them; at most {@code windowBytes} may be with the client at once, so that
 * during an outage everything else waits here, where the drop-oldest rule applies. Order is kept:
 * records leave in the order they came, and a record the client refused at once goes back to the head.
 */
final class SampleBuffer {
    /** Object headers, the deque slot and the two arrays' headers, roughly: what a record costs beyond its bytes. */
    static final int OVERHEAD_BYTES = 64;

    /**
     * One record: its key (host/pid/start_time, or the host for a whole host tick), value bytes,
     * record time and how many samples it carries (one, or a host tick's processes).
     */
    record Entry(long timestamp, String key, byte[] value, int samples) {
        Entry(long timestamp, String key, byte[] value) {
            this(timestamp, key, value, 1);
        }

        long bytes() {
            return (long) key.length() + value.length + OVERHEAD_BYTES;
        }
    }

    private final long capacityBytes;
    private final long windowBytes;
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long waitingBytes;
    private long inFlightBytes;
    private long inFlightRecords;
    private long dropped;
    private long droppedBytes;

    SampleBuffer(long capacityBytes, long windowBytes) {
        if (capacityBytes <= 0 || windowBytes <= 0) {
            throw new IllegalArgumentException("buffer capacity and window must be positive");
        }
        this.capacityBytes = capacityBytes;
        this.windowBytes = windowBytes;
    }

    /** Appends a record, dropping the oldest waiting ones while the buffer is over capacity. */
    void add(Entry entry) {
        lock.lock();
        try {
            waiting.addLast(entry);
            waitingBytes += entry.bytes();
            while (waitingBytes > capacityBytes && !waiting.isEmpty()) {
                final Entry oldest = waiting.removeFirst();
                waitingBytes -= oldest.bytes();
                dropped += oldest.samples();
                droppedBytes += oldest.bytes();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest waiting record once there is one and the window has room for it (a record larger
     * than the window goes alone), or null after {@code timeoutNanos}. It counts as in flight until
     * {@link #settled} or {@link #putBack}.
     */
    Entry take(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (waiting.isEmpty() || inFlightBytes > 0 && inFlightBytes + waiting.peekFirst().bytes() > windowBytes) {
                if (remaining <= 0) {
                    return null;
                }
                remaining = changed.awaitNanos(remaining);
            }
            final Entry head = waiting.removeFirst();
            waitingBytes -= head.bytes();
            inFlightBytes += head.bytes();
            inFlightRecords++;
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** A taken record the client refused at once: it is the oldest again. */
    void putBack(Entry entry) {
        lock.lock();
        try {
            inFlightBytes -= entry.bytes();
            inFlightRecords--;
            waiting.addFirst(entry);
            waitingBytes += entry.bytes();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A taken record the broker acknowledged, or that failed for good. */
    void settled(Entry entry) {
        lock.lock();
        try {
            inFlightBytes -= entry.bytes();
            inFlightRecords--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing waits and nothing is in flight; false if the deadline came first. */
    boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!waiting.isEmpty() || inFlightRecords > 0) {
                final long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                changed.await(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Empties the waiting records (at shutdown, when they cannot be sent any more) and returns how many samples they carried. */
    int discardWaiting() {
        lock.lock();
        try {
            int count = 0;
            for (Entry entry : waiting) {
                count += entry.samples();
            }
            dropped += count;
            droppedBytes += waitingBytes;
            waiting.clear();
            waitingBytes = 0;
            changed.signalAll();
            return count;
        } finally {
            lock.unlock();
        }
    }

    long waitingBytes() {
        lock.lock();
        try {
            return waitingBytes;
        } finally {
            lock.unlock();
        }
    }

    int waitingRecords() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    long inFlightBytes() {
        lock.lock();
        try {
            return inFlightBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Samples dropped so far (a dropped host tick counts all of its samples). */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    long droppedBytes() {
        lock.lock();
        try {
            return droppedBytes;
        } finally {
            lock.unlock();
        }
    }

    long capacityBytes() {
        return capacityBytes;
    }
}
