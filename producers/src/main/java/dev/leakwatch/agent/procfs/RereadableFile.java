package dev.leakwatch.agent.procfs;

import java.io.Closeable;
import java.io.IOException;

/**
 * A per-process file kept open between ticks and read again from its start, which the kernel
 * answers with fresh content: one {@code pread} instead of {@code open}, {@code read} and
 * {@code close}. An open /proc/PID file stays bound to the process it was opened for: once that
 * process has exited, a read fails (ESRCH) even if a new process got the same pid.
 */
public interface RereadableFile extends Closeable {

    /** The whole file as text, read again from its start. */
    String reread() throws IOException;

    /** What {@code fstat} says the size is now (for /proc/PID/fd on Linux 6.2+: the open descriptors). */
    long size() throws IOException;

    /** Releases the descriptor; never fails. */
    @Override
    void close();
}
