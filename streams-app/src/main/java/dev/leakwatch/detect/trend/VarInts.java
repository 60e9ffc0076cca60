package dev.leakwatch.detect.trend;

import java.nio.ByteBuffer;

/** Zig-zag variable-length integers: small deltas, positive or negative, take one or two bytes. */
public final class VarInts {
    private VarInts() {
    }

    public static void writeSigned(ByteBuffer out, long value) {
        writeUnsigned(out, (value << 1) ^ (value >> 63));
    }

    public static long readSigned(ByteBuffer in) {
        long raw = readUnsigned(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static void writeUnsigned(ByteBuffer out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /**
     * Writes into {@code bytes} at {@code at} and returns the position after the value; the caller
     * guarantees {@link #MAX_BYTES} of room.
     */
    public static int writeUnsigned(byte[] bytes, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            bytes[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[at++] = (byte) value;
        return at;
    }

    public static long readUnsigned(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    /** Reads what {@link #writeUnsigned(byte[], int, long)} wrote at {@code at}. */
    public static long readUnsigned(byte[] bytes, int at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = bytes[at++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    /** Bytes {@link #writeUnsigned} takes for {@code value}. */
    public static int encodedLength(long value) {
        int length = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            length++;
        }
        return length;
    }

    /** Upper bound of the bytes one value can take. */
    public static final int MAX_BYTES = 10;
}
