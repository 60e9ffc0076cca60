package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ElfBuildIdTest {

    @Test
    void findsTheBuildIdNoteOfA64BitLittleEndianBinary() {
        final byte[] elf = elf64(ByteOrder.LITTLE_ENDIAN, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4});

        assertThat(buildId(elf)).contains("deadbeef01020304");
    }

    @Test
    void findsTheBuildIdNoteOfABigEndianBinary() {
        final byte[] elf = elf64(ByteOrder.BIG_ENDIAN, new byte[] {0x12, 0x34});

        assertThat(buildId(elf)).contains("1234");
    }

    @Test
    void findsNoBuildIdInAScriptOrATruncatedHeader() {
        assertThat(ElfBuildId.header("#!/bin/sh\necho hi\n".repeat(5).getBytes())).isEmpty();
        assertThat(ElfBuildId.header(new byte[] {0x7F, 'E', 'L', 'F', 2})).isEmpty();
    }

    @Test
    void readsTheBuildIdOfThisJvmsOwnExecutable() throws Exception {
        final ProcFiles files = ProcFiles.system();
        final Path exe = Path.of("/proc/self/exe");
        final ElfBuildId elf = ElfBuildId.header(files.readRange(exe, 0, ElfBuildId.HEADER_BYTES)).orElseThrow();
        final ElfBuildId.Range headers = elf.programHeaders();

        Optional<String> id = Optional.empty();
        for (ElfBuildId.Range note : elf.notes(files.readRange(exe, headers.offset(), headers.length()))) {
            id = id.or(() -> {
                try {
                    return elf.buildId(files.readRange(exe, note.offset(), note.length()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        // Debian's and most distributions' linkers write a 20-byte SHA-1 build id
        assertThat(id).hasValueSatisfying(hex -> assertThat(hex).matches("[0-9a-f]{16,64}"));
    }

    private static Optional<String> buildId(byte[] file) {
        final ElfBuildId elf = ElfBuildId.header(java.util.Arrays.copyOf(file, ElfBuildId.HEADER_BYTES)).orElseThrow();
        final ElfBuildId.Range headers = elf.programHeaders();
        final List<ElfBuildId.Range> notes = elf.notes(slice(file, headers.offset(), headers.length()));
        assertThat(notes).hasSize(1);
        return elf.buildId(slice(file, notes.get(0).offset(), notes.get(0).length()));
    }

    private static byte[] slice(byte[] file, long offset, int length) {
        return java.util.Arrays.copyOfRange(file, (int) offset, (int) offset + length);
    }

    /** A 64-bit ELF header, two program headers (PT_LOAD, PT_NOTE) and a note segment with an ABI tag and a build id. */
    private static byte[] elf64(ByteOrder order, byte[] id) {
        final ByteBuffer out = ByteBuffer.allocate(512).order(order);
        out.put(new byte[] {0x7F, 'E', 'L', 'F', 2, (byte) (order == ByteOrder.BIG_ENDIAN ? 2 : 1), 1});
        out.position(0x20).putLong(64);                 // e_phoff
        out.position(0x36).putShort((short) 56);        // e_phentsize
        out.putShort((short) 2);                        // e_phnum
        out.position(64).putInt(1);                     // PT_LOAD, ignored
        out.position(64 + 56).putInt(4);                // PT_NOTE
        out.position(64 + 56 + 0x08).putLong(200);      // p_offset
        final int abiNote = 12 + 4 + 16;
        final int buildNote = 12 + 4 + ((id.length + 3) & ~3);
        out.position(64 + 56 + 0x20).putLong(abiNote + buildNote); // p_filesz
        out.position(200);
        out.putInt(4).putInt(16).putInt(1).put(new byte[] {'G', 'N', 'U', 0}).put(new byte[16]); // NT_GNU_ABI_TAG
        out.putInt(4).putInt(id.length).putInt(3).put(new byte[] {'G', 'N', 'U', 0}).put(id);
        return out.array();
    }
}
