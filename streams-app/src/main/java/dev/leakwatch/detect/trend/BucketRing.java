package dev.leakwatch.detect.trend;

import java.nio.ByteBuffer;

/**
 * The floor of one resource at one time scale: event time is cut into buckets of a fixed width
 * and each bucket keeps the lowest value seen in it. Floors ignore GC peaks, batch spikes and
 * connection-pool bursts, which is what a leak must be told apart from. The newest
 * {@code capacity} closed buckets are kept; a bucket without samples is a gap.
 *
 * <p>Values are whole numbers divided by a quantum (1 KiB for memory), stored as zig-zag varint
 * deltas, so a ring of 72 buckets usually takes well under 100 bytes. A ring read from bytes
 * decodes its closed buckets only when they are needed (a bucket closes, or the ring is judged),
 * and a ring whose closed buckets did not change since they were last read or saved is written
 * back by copying those bytes: most samples only touch the open bucket. A ring that was saved copies
 * them from its process's last saved state ({@link #saved}): one array, where the codes kept up to
 * date as buckets close are small objects far apart in memory.
 *
 * <p>The closed buckets sit in a circular array, so closing one moves no other.
 */
public final class BucketRing {
    private static final long GAP = Long.MIN_VALUE;

    private final long widthMillis;
    private final long quantum;
    /** Closed floors, oldest at {@code head}; null until decoded. */
    private long[] floors;
    private int head;
    /** The closed buckets encoded as read from a store's bytes (shared, never changed), valid until a bucket closes. */
    private byte[] encodedBody;
    private int bodyOffset;
    /** Length of the closed buckets' codes, wherever they are read from. */
    private int bodyLength;
    /** Where the last {@link #writeTo} put the closed buckets' codes, or -1 when it wrote none. */
    private int bodyWrittenAt = -1;
    /** Where the closed buckets' codes are in the process's last saved state, valid until a bucket closes; else -1. */
    private int savedBodyAt = -1;
    /** The closed buckets encoded and kept up to date as buckets close, once this ring has encoded them itself; else null. */
    private FloorCodes codes;
    private long newestClosedIndex = Long.MIN_VALUE;
    private int closedCount;
    /** Closed buckets kept that are not gaps; valid once decoded. */
    private int valueCount;
    private long openIndex = Long.MIN_VALUE;
    private long openFloor;
    /** The highest floor that fell out of the ring (older than its oldest kept bucket), or GAP for none. */
    private long highestEvicted = GAP;

    private final int capacity;

    public BucketRing(long widthMillis, int capacity) {
        this(widthMillis, capacity, 1);
    }

    public BucketRing(long widthMillis, int capacity, long quantum) {
        if (widthMillis <= 0 || capacity < 2 || quantum < 1) {
            throw new IllegalArgumentException("a ring needs a positive width and quantum and room for 2 buckets");
        }
        this.widthMillis = widthMillis;
        this.capacity = capacity;
        this.quantum = quantum;
    }

    private void ensureDecoded() {
        if (floors != null) {
            return;
        }
        floors = new long[capacity];
        if (encodedBody == null) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(encodedBody, bodyOffset, bodyLength);
        int stored = closedCount;
        long[] oldestFirst = new long[stored];
        long previous = 0;
        for (int i = 0; i < stored; i++) {
            long code = VarInts.readUnsigned(in);
            if (code == 0) {
                oldestFirst[i] = GAP;
            } else {
                previous += FloorCodes.valueOf(code);
                oldestFirst[i] = previous * quantum;
            }
        }
        int kept = Math.min(stored, capacity);
        System.arraycopy(oldestFirst, stored - kept, floors, 0, kept);
        valueCount = 0;
        for (int i = 0; i < kept; i++) {
            valueCount += floors[i] == GAP ? 0 : 1;
        }
        head = 0;
        if (kept != stored) {
            encodedBody = null; // capacity shrank: the stored bytes hold buckets no longer kept
        }
        closedCount = kept;
    }

    /** The i-th closed floor, oldest first. */
    private long floor(int i) {
        int at = head + i;
        return floors[at < capacity ? at : at - capacity];
    }

    /**
     * Adds a sample, rounded down to whole quanta. Returns true when it closed the open bucket (a new
     * floor is known). A sample older than the open bucket is late: it is ignored.
     */
    public boolean add(long timeMillis, long reading) {
        // in whole quanta, as the floors are stored: a ring read back from its bytes is the same ring
        long value = reading - reading % quantum;
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
        ensureDecoded();
        encodedBody = null; // codes, when there are some, follow every push
        savedBodyAt = -1;
        bodyWrittenAt = -1;
        if (closedCount > 0) {
            long missing = Math.min(index - newestClosedIndex - 1, capacity);
            for (long i = 0; i < missing; i++) {
                push(GAP);
            }
        }
        push(floor);
        newestClosedIndex = index;
    }

    private void push(long value) {
        if (value != GAP) {
            valueCount++;
        }
        if (closedCount == capacity) {
            if (floors[head] != GAP) {
                highestEvicted = Math.max(highestEvicted, floors[head]);
                valueCount--;
            }
            if (codes != null) {
                codes.dropOldest();
            }
            floors[head] = value; // the oldest makes room
            head = head + 1 == capacity ? 0 : head + 1;
        } else {
            int at = head + closedCount;
            floors[at < capacity ? at : at - capacity] = value;
            closedCount++;
        }
        if (codes != null) {
            if (value == GAP) {
                codes.appendGap();
            } else {
                codes.append(value / quantum);
            }
        }
    }

    /** Closed buckets kept that hold a floor (gaps left out): how many points {@link #points} gives. */
    public int values() {
        ensureDecoded();
        return valueCount;
    }

    /** Most closed buckets kept; beyond it the oldest falls out. */
    public int capacity() {
        return capacity;
    }

    /** Drops the open bucket of a ring that has closed none, leaving it as new. */
    public void forgetOpenBucket() {
        if (closedCount != 0) {
            throw new IllegalStateException("only a ring without closed buckets can forget its open one");
        }
        openIndex = Long.MIN_VALUE;
    }

    /** Closed buckets kept, gaps included. */
    public int closedBuckets() {
        return closedCount;
    }

    /** Start of the oldest kept bucket, epoch ms; only meaningful when {@link #closedBuckets()} is positive. */
    public long oldestStartMillis() {
        return (newestClosedIndex - closedCount + 1) * widthMillis;
    }

    /**
     * Copies the floors of the closed buckets, oldest first, skipping gaps, into {@code seconds}
     * (bucket middles, relative to {@code originMillis}) and {@code values}; returns how many.
     */
    public int points(long originMillis, double[] seconds, double[] values) {
        ensureDecoded();
        int n = 0;
        long firstIndex = newestClosedIndex - closedCount + 1;
        for (int i = 0; i < closedCount; i++) {
            long floor = floor(i);
            if (floor == GAP) {
                continue;
            }
            long middle = (firstIndex + i) * widthMillis + widthMillis / 2;
            seconds[n] = (middle - originMillis) / 1000.0;
            values[n] = floor;
            n++;
        }
        return n;
    }

    /** Highest minus lowest floor of the closed buckets (0 with fewer than two): a cheap bound on the growth they can show. */
    public long range() {
        ensureDecoded();
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (int i = 0; i < closedCount; i++) {
            long floor = floor(i);
            if (floor != GAP) {
                low = Math.min(low, floor);
                high = Math.max(high, floor);
            }
        }
        return high > low ? high - low : 0;
    }

    /** The oldest kept floor, or Long.MIN_VALUE when the oldest kept bucket is a gap or none is kept. */
    public long oldestFloor() {
        ensureDecoded();
        return closedCount == 0 ? Long.MIN_VALUE : floor(0);
    }

    /**
     * The highest floor among the buckets that fell out of this ring, all older than its oldest kept
     * one; Long.MIN_VALUE when none did. Levels a process has already been at stay known this way
     * for as long as the process lives, at the cost of one number.
     */
    public long highestEvictedFloor() {
        return highestEvicted;
    }

    /** Highest floor among closed buckets that ended at or before {@code endMillis}; empty ring or none: Long.MIN_VALUE. */
    public long highestFloorEndingBy(long endMillis) {
        ensureDecoded();
        long highest = Long.MIN_VALUE;
        long firstIndex = newestClosedIndex - closedCount + 1;
        for (int i = 0; i < closedCount; i++) {
            long floor = floor(i);
            if (floor != GAP && (firstIndex + i + 1) * widthMillis <= endMillis) {
                highest = Math.max(highest, floor);
            }
        }
        return highest;
    }

    /** Upper bound of {@link #writeTo}'s size. */
    public int maxEncodedBytes() {
        return (capacity + 6) * VarInts.MAX_BYTES;
    }

    /** Header (open bucket, newest closed index) then the closed buckets, oldest first, length-prefixed. */
    public void writeTo(ByteBuffer out) {
        writeTo(out, null);
    }

    /**
     * Like {@link #writeTo(ByteBuffer)}, copying closed buckets that did not change since the last
     * {@link #saved} from {@code lastSaved}, the state saved then (null: none).
     */
    public void writeTo(ByteBuffer out, byte[] lastSaved) {
        if (highestEvicted == GAP) {
            VarInts.writeUnsigned(out, 0);
        } else {
            VarInts.writeUnsigned(out, FloorCodes.codeOf(highestEvicted / quantum));
        }
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
        if (lastSaved != null && savedBodyAt >= 0) {
            VarInts.writeUnsigned(out, bodyLength); // as last saved, untouched since
            bodyWrittenAt = out.position();
            out.put(lastSaved, savedBodyAt, bodyLength);
            return;
        }
        if (codes == null && encodedBody != null) {
            VarInts.writeUnsigned(out, bodyLength); // as read, untouched since
            bodyWrittenAt = out.position();
            out.put(encodedBody, bodyOffset, bodyLength);
            return;
        }
        if (codes == null) {
            codes = encodeAll(); // once after a (re)start: from then on kept up to date as buckets close
        }
        bodyLength = codes.length();
        VarInts.writeUnsigned(out, bodyLength);
        bodyWrittenAt = out.position();
        codes.copyTo(out);
    }

    /**
     * What the last {@link #writeTo} wrote is now its process's saved state (written from index 0 of
     * the buffer): until a bucket closes, the next write copies the closed buckets from there.
     */
    public void saved() {
        savedBodyAt = bodyWrittenAt;
        bodyWrittenAt = -1;
    }

    private FloorCodes encodeAll() {
        FloorCodes encoded = FloorCodes.empty(closedCount);
        for (int i = 0; i < closedCount; i++) {
            long floor = floor(i);
            if (floor == GAP) {
                encoded.appendGap();
            } else {
                encoded.append(floor / quantum);
            }
        }
        return encoded;
    }

    /** Drops the encoded forms, so the next write encodes every floor again (tests compare the two). */
    void forgetEncoding() {
        ensureDecoded();
        encodedBody = null;
        savedBodyAt = -1;
        bodyWrittenAt = -1;
        codes = null;
    }

    /** Reads a ring; its closed buckets stay encoded until something needs them. */
    /** @param withEvictedHigh false for rings written before the highest evicted floor was kept */
    public static BucketRing readFrom(ByteBuffer in, long widthMillis, int capacity, long quantum, boolean withEvictedHigh) {
        BucketRing ring = new BucketRing(widthMillis, capacity, quantum);
        if (withEvictedHigh) {
            long code = VarInts.readUnsigned(in);
            if (code != 0) {
                ring.highestEvicted = FloorCodes.valueOf(code) * quantum;
            }
        }
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
        int length = (int) VarInts.readUnsigned(in);
        ring.closedCount = stored;
        ring.encodedBody = in.array();
        ring.bodyOffset = in.arrayOffset() + in.position();
        ring.bodyLength = length;
        in.position(in.position() + length);
        if (stored > capacity) {
            ring.ensureDecoded(); // capacity shrank since it was written: keep the newest
            ring.encodedBody = null;
        }
        return ring;
    }
}
