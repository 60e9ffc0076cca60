package dev.leakwatch.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leakwatch.agent.procfs.ElfBuildId;
import dev.leakwatch.agent.procfs.ProcFiles;

/**
 * Build ids of executables, remembered by file identity (device, inode, modification time): a host
 * runs many processes of few binaries, and a build id needs four reads of the binary.
 */
final class ExecutableIds {
    private static final int MAX_ENTRIES = 4096;

    private final ProcFiles files;
    private final Map<String, Optional<String>> byFile = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    ExecutableIds(ProcFiles files) {
        this.files = files;
    }

    /** The build id of the binary behind {@code exe} (a /proc/PID/exe link), given its identity. */
    Optional<String> buildId(Path exe, String fileIdentity) throws IOException {
        final Optional<String> known = byFile.get(fileIdentity);
        if (known != null) {
            return known;
        }
        final Optional<String> read = read(exe);
        byFile.put(fileIdentity, read);
        return read;
    }

    private Optional<String> read(Path exe) throws IOException {
        final Optional<ElfBuildId> elf = ElfBuildId.header(files.readRange(exe, 0, ElfBuildId.HEADER_BYTES));
        if (elf.isEmpty()) {
            return Optional.empty();
        }
        final ElfBuildId.Range headers = elf.get().programHeaders();
        final List<ElfBuildId.Range> notes = elf.get().notes(files.readRange(exe, headers.offset(), headers.length()));
        for (ElfBuildId.Range note : notes) {
            final Optional<String> id = elf.get().buildId(files.readRange(exe, note.offset(), note.length()));
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }
}
