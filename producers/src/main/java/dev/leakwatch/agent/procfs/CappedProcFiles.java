package dev.leakwatch.agent.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads files from the real file system to end of file, whatever size {@code stat} claims: /proc
 * and sysfs files report a size of 0 or 4096 that has nothing to do with their content. A cap keeps
 * a broken or hostile file from exhausting the agent's memory.
 */
public final class CappedProcFiles implements ProcFiles {
    /** /proc/PID/status is about 1.5 KiB and /proc/stat grows with the CPU count; 1 MiB is far above both. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final int maxBytes;

    public CappedProcFiles(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the size cap for /proc files must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ProcFileTooLargeException(file, maxBytes);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public String readPrefix(Path file, int maxPrefixBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(Math.min(maxPrefixBytes, maxBytes)), StandardCharsets.UTF_8);
        }
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }
}
