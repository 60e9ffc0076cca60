package dev.leakwatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leakwatch.agent.procfs.ProcFiles;

/**
 * Test double: the real file system, except for paths told to fail the way the kernel fails them.
 * Tests run as root here, so chmod cannot provoke a permission error, and a process cannot be made
 * to exit at an exact point of a read.
 */
final class FailingProcFiles implements ProcFiles {
    private final ProcFiles real = ProcFiles.system();
    private final Map<Path, IOException> failures = new HashMap<>();
    private final Set<Path> gone = new HashSet<>();

    /** Reads of {@code path} fail with EACCES, as for a process of another user without CAP_SYS_PTRACE. */
    FailingProcFiles deny(Path path) {
        failures.put(path, new AccessDeniedException(path.toString()));
        return this;
    }

    /** Reads of {@code path} fail as reads of an already open file fail once its process has exited. */
    FailingProcFiles failWithNoSuchProcess(Path path) {
        failures.put(path, new IOException(path + ": No such process"));
        return this;
    }

    /** {@code path} no longer exists, though its files can still be read (the race the sampler must survive). */
    FailingProcFiles reportGone(Path path) {
        gone.add(path);
        return this;
    }

    @Override
    public String read(Path file) throws IOException {
        failIfAsked(file);
        return real.read(file);
    }

    @Override
    public String readSingleShot(Path file) throws IOException {
        failIfAsked(file);
        return real.readSingleShot(file);
    }

    @Override
    public String readPrefix(Path file, int maxBytes) throws IOException {
        failIfAsked(file);
        return real.readPrefix(file, maxBytes);
    }

    @Override
    public byte[] readRange(Path file, long offset, int length) throws IOException {
        failIfAsked(file);
        return real.readRange(file, offset, length);
    }

    @Override
    public InputStream open(Path file) throws IOException {
        failIfAsked(file);
        return real.open(file);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        failIfAsked(directory);
        return real.list(directory);
    }

    @Override
    public String readLink(Path link) throws IOException {
        failIfAsked(link);
        return real.readLink(link);
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        failIfAsked(path);
        return real.attributes(path);
    }

    @Override
    public boolean exists(Path path) {
        return !gone.contains(path) && real.exists(path);
    }

    private void failIfAsked(Path path) throws IOException {
        final IOException failure = failures.get(path);
        if (failure != null) {
            throw failure;
        }
    }
}
