package dev.leakwatch.agent.procfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * Parses /proc/self/auxv, the ELF auxiliary vector the kernel handed this process: pairs of native
 * words (type, value) ending with type 0. The agent needs AT_PAGESZ, the unit of /proc/PID/statm,
 * which Java cannot ask the kernel for otherwise.
 */
public final class AuxvParser {
    static final long AT_NULL = 0;
    static final long AT_PAGESZ = 6;

    private AuxvParser() {
    }

    /** The page size, or empty when the vector has no plausible AT_PAGESZ entry. */
    public static OptionalInt pageSize(byte[] auxv, int wordBytes, ByteOrder order) {
        if (wordBytes != 4 && wordBytes != 8) {
            throw new IllegalArgumentException("a native word has 4 or 8 bytes, not " + wordBytes);
        }
        final ByteBuffer in = ByteBuffer.wrap(auxv).order(order);
        while (in.remaining() >= 2 * wordBytes) {
            final long type = wordBytes == 8 ? in.getLong() : Integer.toUnsignedLong(in.getInt());
            final long value = wordBytes == 8 ? in.getLong() : Integer.toUnsignedLong(in.getInt());
            if (type == AT_NULL) {
                break;
            }
            if (type == AT_PAGESZ) {
                // a power of two between 4 KiB and 1 MiB, else the vector is not what we think it is
                return value >= 4096 && value <= (1 << 20) && Long.bitCount(value) == 1 ? OptionalInt.of((int) value) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }
}
