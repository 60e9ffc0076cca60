package dev.leakwatch.detect.trend;

import java.nio.ByteBuffer;

/**
 * The floor of one resource at one time scale: event time is cut into buckets of a fixed width
 * and each bucket keeps the lowest value seen in it. Floors ignore GC peaks, batch spikes and
 * connection-pool bursts, which is what a leak must be told apart from. The newest
 * {@code capacity} closed buckets are kept; a bucket without samples is a gap.
 *
 * <p>Values are whole numbers divided by a quantum (1 KiB for memory), stored as zig-zag varint
 * deltas, so a ring of 72 buckets usually takes well under 100 bytes.
 */
public final class BucketRing {
    private static final long GAP = Long.MIN_VALUE;

    private final long widthMillis;
    private final long[] floors;
    private long newestClosedIndex = Long.MIN_VALUE;
    private int closedCount;
    private long openIndex = Long.MIN_VALUE;
    private long openFloor;

    public BucketRing(long widthMillis, int capacity) {
        if (widthMillis <= 0 || capacity < 2) {
            throw new IllegalArgumentException("a ring needs a positive width and room for 2 buckets");
        }
        this.widthMillis = widthMillis;
        this.floors = new long[capacity];
    }

    /**
     * Adds a sample. Returns true when it closed the open bucket (a new floor is known). A sample
     * older than the open bucket is late: it is ignored.
     */
    public boolean add(long timeMillis, long value) {
        long index = Math.floorDiv(timeMillis, widthMillis);
        if (openIndex == Long.MIN_VALUE) {
            openIndex = index;
            openFloor = value;
            return false;
        }
        if (index < openIndex) {
            return false;
        }
        if (index == openIndex) {
            openFloor = Math.min(openFloor, value);
            return false;
        }
        close(openIndex, openFloor);
        openIndex = index;
        openFloor = value;
        return true;
    }

    private void close(long index, long floor) {
        if (closedCount > 0) {
            long missing = Math.min(index - newestClosedIndex - 1, floors.length);
            for (long i = 0; i < missing; i++) {
                push(GAP);
            }
        }
        push(floor);
        newestClosedIndex = index;
    }

    private void push(long value) {
        if (closedCount == floors.length) {
            System.arraycopy(floors, 1, floors, 0, floors.length - 1);
            floors[floors.length - 1] = value;
        } else {
            floors[closedCount++] = value;
        }
    }

    public long widthMillis() {
        return widthMillis;
    }

    public int capacity() {
        return floors.length;
    }

    /** Closed buckets kept, gaps included. */
    public int closedBuckets() {
        return closedCount;
    }

    /** Start of the oldest kept bucket, epoch ms; only meaningful when {@link #closedBuckets()} is positive. */
    public long oldestStartMillis() {
        return (newestClosedIndex - closedCount + 1) * widthMillis;
    }

    /** End of the newest closed bucket, epoch ms. */
    public long newestEndMillis() {
        return (newestClosedIndex + 1) * widthMillis;
    }

    /**
     * Copies the floors of the closed buckets, oldest first, skipping gaps, into {@code seconds}
     * (bucket middles, relative to {@code originMillis}) and {@code values}; returns how many.
     */
    public int points(long originMillis, double[] seconds, double[] values) {
        int n = 0;
        long firstIndex = newestClosedIndex - closedCount + 1;
        for (int i = 0; i < closedCount; i++) {
            if (floors[i] == GAP) {
                continue;
            }
            long middle = (firstIndex + i) * widthMillis + widthMillis / 2;
            seconds[n] = (middle - originMillis) / 1000.0;
            values[n] = floors[i];
            n++;
        }
        return n;
    }

    /** Highest floor among closed buckets that ended at or before {@code endMillis}; empty ring or none: Long.MIN_VALUE. */
    public long highestFloorEndingBy(long endMillis) {
        long highest = Long.MIN_VALUE;
        long firstIndex = newestClosedIndex - closedCount + 1;
        for (int i = 0; i < closedCount; i++) {
            if (floors[i] != GAP && (firstIndex + i + 1) * widthMillis <= endMillis) {
                highest = Math.max(highest, floors[i]);
            }
        }
        return highest;
    }

    /** Upper bound of {@link #writeTo}'s size. */
    public int maxEncodedBytes() {
        return (floors.length + 4) * VarInts.MAX_BYTES;
    }

    public void writeTo(ByteBuffer out, long quantum) {
        VarInts.writeUnsigned(out, closedCount);
        if (openIndex == Long.MIN_VALUE) {
            VarInts.writeUnsigned(out, 0);
            return;
        }
        VarInts.writeUnsigned(out, 1);
        VarInts.writeSigned(out, openIndex);
        VarInts.writeSigned(out, openFloor / quantum);
        if (closedCount == 0) {
            return;
        }
        VarInts.writeUnsigned(out, openIndex - newestClosedIndex);
        long previous = openFloor / quantum;
        for (int i = closedCount - 1; i >= 0; i--) {
            if (floors[i] == GAP) {
                VarInts.writeUnsigned(out, 0);
            } else {
                long value = floors[i] / quantum;
                long delta = value - previous;
                VarInts.writeUnsigned(out, ((delta << 1) ^ (delta >> 63)) + 1);
                previous = value;
            }
        }
    }

    public static BucketRing readFrom(ByteBuffer in, long widthMillis, int capacity, long quantum) {
        BucketRing ring = new BucketRing(widthMillis, capacity);
        int stored = (int) VarInts.readUnsigned(in);
        if (VarInts.readUnsigned(in) == 0) {
            return ring;
        }
        ring.openIndex = VarInts.readSigned(in);
        ring.openFloor = VarInts.readSigned(in) * quantum;
        if (stored == 0) {
            return ring;
        }
        ring.newestClosedIndex = ring.openIndex - VarInts.readUnsigned(in);
        long[] newestFirst = new long[stored];
        long previous = ring.openFloor / quantum;
        for (int i = 0; i < stored; i++) {
            long code = VarInts.readUnsigned(in);
            if (code == 0) {
                newestFirst[i] = GAP;
            } else {
                long zigzag = code - 1;
                previous += (zigzag >>> 1) ^ -(zigzag & 1);
                newestFirst[i] = previous * quantum;
            }
        }
        int kept = Math.min(stored, capacity);
        for (int i = 0; i < kept; i++) {
            ring.floors[i] = newestFirst[kept - 1 - i];
        }
        ring.closedCount = kept;
        return ring;
    }
}
