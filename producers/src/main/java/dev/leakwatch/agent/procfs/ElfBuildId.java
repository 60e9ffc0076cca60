package dev.leakwatch.agent.procfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds the GNU build id of an ELF executable: the note {@code NT_GNU_BUILD_ID} that linkers write
 * into a {@code PT_NOTE} segment, a hash of the binary's contents that changes with every build.
 * Reading it needs the ELF header, the program headers and the notes, which are a few hundred bytes
 * near the start of the file; the caller reads them with {@link #programHeaders} and {@link #notes}.
 */
public final class ElfBuildId {
    /** How much of the file to read first: the ELF header of a 64-bit binary is 64 bytes. */
    public static final int HEADER_BYTES = 64;
    private static final int PT_NOTE = 4;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final int MAX_PROGRAM_HEADERS = 512;
    private static final int MAX_NOTE_BYTES = 64 * 1024;

    /** Where the program header table is: bytes {@code [offset, offset + length)} of the file. */
    public record Range(long offset, int length) {
    }

    private final ByteOrder order;
    private final boolean is64;
    private final long programHeaderOffset;
    private final int programHeaderSize;
    private final int programHeaderCount;

    private ElfBuildId(ByteOrder order, boolean is64, long programHeaderOffset, int programHeaderSize, int programHeaderCount) {
        this.order = order;
        this.is64 = is64;
        this.programHeaderOffset = programHeaderOffset;
        this.programHeaderSize = programHeaderSize;
        this.programHeaderCount = programHeaderCount;
    }

    /** Reads the ELF header; empty when the file is not an ELF binary (a script, say). */
    public static Optional<ElfBuildId> header(byte[] header) {
        if (header.length < 52 || header[0] != 0x7F || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            return Optional.empty();
        }
        final boolean is64 = header[4] == 2;
        if (!is64 && header[4] != 1 || is64 && header.length < HEADER_BYTES) {
            return Optional.empty();
        }
        final ByteOrder order = header[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        final ByteBuffer in = ByteBuffer.wrap(header).order(order);
        final long phoff = is64 ? in.getLong(0x20) : Integer.toUnsignedLong(in.getInt(0x1C));
        final int phentsize = Short.toUnsignedInt(in.getShort(is64 ? 0x36 : 0x2A));
        final int phnum = Short.toUnsignedInt(in.getShort(is64 ? 0x38 : 0x2C));
        final int minimum = is64 ? 56 : 32;
        if (phoff <= 0 || phentsize < minimum || phnum == 0 || phnum > MAX_PROGRAM_HEADERS) {
            return Optional.empty();
        }
        return Optional.of(new ElfBuildId(order, is64, phoff, phentsize, phnum));
    }

    public Range programHeaders() {
        return new Range(programHeaderOffset, programHeaderSize * programHeaderCount);
    }

    /** The PT_NOTE segments listed in the program headers, at most a few. */
    public List<Range> notes(byte[] programHeaders) {
        final ByteBuffer in = ByteBuffer.wrap(programHeaders).order(order);
        final List<Range> notes = new ArrayList<>();
        for (int i = 0; i < programHeaderCount && (i + 1) * programHeaderSize <= programHeaders.length; i++) {
            final int base = i * programHeaderSize;
            if (in.getInt(base) != PT_NOTE) {
                continue;
            }
            final long offset = is64 ? in.getLong(base + 0x08) : Integer.toUnsignedLong(in.getInt(base + 0x04));
            final long size = is64 ? in.getLong(base + 0x20) : Integer.toUnsignedLong(in.getInt(base + 0x10));
            if (offset >= 0 && size > 0 && size <= MAX_NOTE_BYTES) {
                notes.add(new Range(offset, (int) size));
            }
        }
        return notes;
    }

    /** The build id in one note segment, as lower-case hex. */
    public Optional<String> buildId(byte[] noteSegment) {
        final ByteBuffer in = ByteBuffer.wrap(noteSegment).order(order);
        int at = 0;
        while (at + 12 <= noteSegment.length) {
            final long nameSize = Integer.toUnsignedLong(in.getInt(at));
            final long descSize = Integer.toUnsignedLong(in.getInt(at + 4));
            final int type = in.getInt(at + 8);
            final long nameStart = at + 12L;
            final long descStart = nameStart + align4(nameSize);
            final long next = descStart + align4(descSize);
            if (nameSize > noteSegment.length || descSize > noteSegment.length || descStart + descSize > noteSegment.length) {
                return Optional.empty();
            }
            if (type == NT_GNU_BUILD_ID && nameSize == 4 && noteSegment[(int) nameStart] == 'G' && noteSegment[(int) nameStart + 1] == 'N'
                    && noteSegment[(int) nameStart + 2] == 'U' && descSize > 0) {
                return Optional.of(HexFormat.of().formatHex(noteSegment, (int) descStart, (int) (descStart + descSize)));
            }
            at = (int) next;
        }
        return Optional.empty();
    }

    private static long align4(long size) {
        return (size + 3) & ~3L;
    }
}
