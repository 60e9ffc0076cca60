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

    private FloorCodes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** No codes yet, with room for about {@code floors} of them. */
    static FloorCodes empty(int floors) {
        return new FloorCodes(new byte[Math.max(32, 2 * floors)]);
    }

    /** The code of a floor's change from the previous one: its zig-zag form plus 1, as 0 stands for a gap. */
    static long codeOf(long change) {
        return ((change << 1) ^ (change >> 63)) + 1;
    }

    /** The change a non-zero code stands for. */
    static long valueOf(long code) {
        long zigzag = code - 1;
        return (zigzag >>> 1) ^ -(zigzag & 1);
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
        end = VarInts.writeUnsigned(bytes, end, codeOf(quantised - (floors > 0 ? newest : 0)));
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
        long oldestCode = VarInts.readUnsigned(bytes, at);
        at += VarInts.encodedLength(oldestCode);
        start = at;
        floors--;
        while (at < end && bytes[at] == 0) {
            at++; // the gaps in between stay as they are
        }
        if (at == end) {
            return; // no floor after it
        }
        int gaps = at - start;
        long nextCode = VarInts.readUnsigned(bytes, at);
        int oldLength = VarInts.encodedLength(nextCode);
        long code = codeOf(valueOf(oldestCode) + valueOf(nextCode));
        int newLength = VarInts.encodedLength(code);
        // the new code ends where the old one did; the dropped code left room before it
        int newStart = at + oldLength - newLength - gaps;
        Arrays.fill(bytes, newStart, newStart + gaps, (byte) 0);
        VarInts.writeUnsigned(bytes, newStart + gaps, code);
        start = newStart;
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
