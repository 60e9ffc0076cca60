package dev.leakwatch.detect.trend;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The closed floors of a ring in the form its state is saved in, kept up to date as floors come and
 * go: oldest first, a gap as one 0 byte, a floor as the zig-zag varint of its change from the
 * previous floor plus 1 (the first floor's change is from 0). Closing a bucket appends one code
 * and, in a full ring, drops the oldest, rewriting the next floor's code as a change from 0; so a
 * ring whose bucket closed is saved by copying bytes rather than encoding every floor again.
 */
final class FloorCodes {
    private byte[] bytes;
    private int start;
    private int end;
    /** Floors (not gaps) among the codes. */
    private int floors;
    /** The newest floor, quantised; what the next floor's change is from while {@link #floors} is positive. */
    private long newest;

    private FloorCodes(byte[] bytes, int start, int end, int floors, long newest) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.floors = floors;
        this.newest = newest;
    }

    /**
     * Takes over codes already encoded ({@code length} bytes at {@code offset}), holding {@code floors}
     * floors of which the newest is {@code newest} (quantised).
     */
    static FloorCodes of(byte[] encoded, int offset, int length, int floors, long newest) {
        byte[] room = new byte[Math.max(32, 2 * length)];
        System.arraycopy(encoded, offset, room, 0, length);
        return new FloorCodes(room, 0, length, floors, newest);
    }

    int length() {
        return end - start;
    }

    void copyTo(ByteBuffer out) {
        out.put(bytes, start, end - start);
    }

    void appendGap() {
        ensureRoom(1);
        bytes[end++] = 0;
    }

    void append(long quantised) {
        ensureRoom(VarInts.MAX_BYTES);
        long delta = quantised - (floors > 0 ? newest : 0);
        end = VarInts.writeUnsigned(bytes, end, ((delta << 1) ^ (delta >> 63)) + 1);
        newest = quantised;
        floors++;
    }

    /** Drops the oldest code; the floor after a dropped floor now changes from 0. */
    void dropOldest() {
        if (bytes[start] == 0) {
            start++;
            return;
        }
        int at = start;
        long oldest = zigzagDecode(readVarint(at));
        at += varintLength(at);
        start = at;
        floors--;
        while (at < end && bytes[at] == 0) {
            at++; // the gaps in between stay as they are
        }
        if (at == end) {
            return; // no floor after it
        }
        int gaps = at - start;
        int oldLength = varintLength(at);
        long absolute = oldest + zigzagDecode(readVarint(at));
        long code = ((absolute << 1) ^ (absolute >> 63)) + 1;
        int newLength = VarInts.encodedLength(code);
        // the new code ends where the old one did; the dropped code left room before it
        int newStart = at + oldLength - newLength - gaps;
        Arrays.fill(bytes, newStart, newStart + gaps, (byte) 0);
        VarInts.writeUnsigned(bytes, newStart + gaps, code);
        start = newStart;
    }

    private long readVarint(int at) {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = bytes[at++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
            shift += 7;
        }
    }

    private int varintLength(int at) {
        int length = 1;
        while (bytes[at++] < 0) {
            length++;
        }
        return length;
    }

    private static long zigzagDecode(long code) {
        long zigzag = code - 1;
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    private void ensureRoom(int needed) {
        if (end + needed <= bytes.length) {
            return;
        }
        int length = end - start;
        byte[] target = 2 * (length + needed) > bytes.length ? new byte[2 * (length + needed)] : bytes;
        System.arraycopy(bytes, start, target, 0, length);
        bytes = target;
        start = 0;
        end = length;
    }
}
