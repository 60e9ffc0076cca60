package dev.leakwatch.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.agent.procfs.LimitsParser;
import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.agent.procfs.RereadableFile;

/**
 * Keeps each process's {@code stat} and {@code statm}, and a sampled process's {@code fd/}, open
 * between ticks: reading an open /proc file again costs one {@code pread} where reading it by path
 * costs an {@code open}, a {@code read} and a {@code close} (about 4 instead of 15 µs from Java on a
 * 6.18 VM), and {@code fstat} of an open fd/ half what {@code stat} by path costs. Each held file
 * costs a descriptor and, once read, a page of kernel memory for its text (about 8 KiB per process),
 * so at most {@link #MAX_PROCESSES} processes are held, fewer when the agent's own descriptor
 * limit is low (a quarter of it is left for everything else), and holding stops for good if the
 * agent runs out of descriptors all the same; beyond that files are read by path.
 */
final class HeldFiles {
    private static final Logger LOG = LoggerFactory.getLogger(HeldFiles.class);
    /** At most 3 × 2048 descriptors and about 16 MiB of kernel memory. */
    static final int MAX_PROCESSES = 2048;
    /** When the agent's own limit cannot be read. */
    private static final long ASSUMED_FD_LIMIT = 1024;

    private final ProcFiles files;
    private final int maxProcesses;
    private int heldProcesses;
    private int heldFdDirectories;
    private boolean disabled;

    HeldFiles(ProcFiles files, long ownFdLimit) {
        this.files = files;
        this.maxProcesses = (int) Math.max(0, Math.min(MAX_PROCESSES, ownFdLimit * 3 / 4 / 3));
    }

    /**
     * The agent's own soft limit on descriptors (the JVM raises it to the hard limit at start on
     * Linux), from this host's /proc whatever the proc root sampled.
     */
    static long ownFdLimit() {
        try {
            final OptionalLong limit = LimitsParser.softMaxOpenFiles(Files.readString(Path.of("/proc/self/limits")));
            return limit.isPresent() ? limit.getAsLong() : Integer.MAX_VALUE;
        } catch (IOException | RuntimeException e) {
            return ASSUMED_FD_LIMIT;
        }
    }

    /** Whether another process's files may be held. */
    boolean mayHold() {
        return !disabled && heldProcesses < maxProcesses;
    }

    /** Opens a file to be held, or returns null (and reads go by path) when that fails for any reason. */
    RereadableFile open(Path file) {
        try {
            return files.openRereadable(file);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Too many open files")) {
                disabled = true;
                LOG.warn("out of file descriptors holding /proc files open ({} processes held); reading the rest by path", heldProcesses);
            }
            return null;
        }
    }

    /** Takes ownership of a process's opened stat, and opens its statm beside it. */
    void hold(Incarnation incarnation, RereadableFile stat) {
        final RereadableFile statm = open(incarnation.dir.resolve("statm"));
        if (statm == null) {
            stat.close();
            return;
        }
        incarnation.statFile = stat;
        incarnation.statmFile = statm;
        heldProcesses++;
    }

    /** Opens fd/ of a process whose stat is held; null when it may not be opened (another user's, without privileges). */
    void holdFdDirectory(Incarnation incarnation) {
        if (incarnation.statFile != null && incarnation.fdDirFile == null && !incarnation.fdDirRefused && !disabled) {
            incarnation.fdDirFile = open(incarnation.dir.resolve("fd"));
            incarnation.fdDirRefused = incarnation.fdDirFile == null;
            if (incarnation.fdDirFile != null) {
                heldFdDirectories++;
            }
        }
    }

    /** Closes a process's held fd/ (it could not be measured), leaving its stat and statm held. */
    void releaseFdDirectory(Incarnation incarnation) {
        if (incarnation.fdDirFile != null) {
            incarnation.fdDirFile.close();
            incarnation.fdDirFile = null;
            heldFdDirectories--;
        }
    }

    void release(Incarnation incarnation) {
        if (incarnation.statFile != null) {
            incarnation.statFile.close();
            incarnation.statmFile.close();
            incarnation.statFile = null;
            incarnation.statmFile = null;
            heldProcesses--;
        }
        releaseFdDirectory(incarnation);
    }

    int heldProcesses() {
        return heldProcesses;
    }

    /**
     * How many descriptors the agent holds open right now: they are among its own descriptors, and
     * come and go with other processes, so the agent's own descriptor count says nothing about its
     * sockets unless they are taken out of it.
     */
    int descriptors() {
        return 2 * heldProcesses + heldFdDirectories;
    }
}
