package dev.leakwatch.agent;

import java.nio.file.Path;

import dev.leakwatch.agent.procfs.RereadableFile;

/**
 * What the sampler remembers of one process incarnation (pid and start time) between ticks: the
 * facts that rarely change, so that a tick need not read them again; its {@code stat} and
 * {@code statm} kept open; and the sockets its descriptors held when their links were last read.
 * Facts are read again when they are older than the refresh period, and at once when the comm
 * changes (the process called exec).
 */
final class Incarnation {
    final int pid;
    final long startTicks;
    final long startMillis;
    final Path dir;
    long lastSeenTick;

    /** A kernel thread, which is left out (when kernel threads are skipped) after its stat is read. */
    boolean kernelThread;

    /** Held open between ticks (see {@link HeldFiles}); null when reading by path. */
    RereadableFile statFile;
    RereadableFile statmFile;
    /** fd/, held for its size (the descriptor count) once the process is sampled; null when going by path. */
    RereadableFile fdDirFile;
    /** fd/ could not be opened (it may still be measured by path, which needs no permission). */
    boolean fdDirRefused;

    /** Read for every process: selection needs them. */
    boolean basicsRead;
    long refreshDueNanos;
    String comm;
    String cmdline;
    Integer uid;

    /** Read only for selected processes. */
    boolean detailsRead;
    Long fdLimit;
    Long memoryLimitBytes;
    Long threadLimit;
    String containerId;
    long netNamespace = SocketTables.UNKNOWN_NAMESPACE;
    String service;
    String version;

    /**
     * Inodes of the sockets among the descriptors, sorted and each once (a socket held by several
     * descriptors counts once, as ss counts it); null when the links could not be read.
     */
    long[] sockets;
    int socketCount;
    /**
     * The descriptor count measured just before the links were read, or last checked against; for
     * the agent's own process, without the /proc files it holds open (see {@link HeldFiles#descriptors}).
     */
    int socketsFdCount;
    /** The tick in which the sockets were last read or found still valid; they are reused only by the next. */
    long socketsCheckedTick = -1;
    /** How many of the sockets the socket tables held at that tick. */
    int socketsInTables;
    /** The network namespace whose tables they were checked against. */
    long socketsNamespace = SocketTables.UNKNOWN_NAMESPACE;
    /** When the links must be read again whatever else says. */
    long socketsDueNanos;

    Incarnation(int pid, long startTicks, long startMillis, Path dir) {
        this.pid = pid;
        this.startTicks = startTicks;
        this.startMillis = startMillis;
        this.dir = dir;
    }

    boolean needsRefresh(long nowNanos, String currentComm) {
        return !basicsRead || nowNanos - refreshDueNanos >= 0 || !currentComm.equals(comm);
    }

    /** Forgets the cached facts and sets their next refresh. */
    void startRefresh(long nowNanos, long periodNanos) {
        basicsRead = false;
        detailsRead = false;
        refreshDueNanos = nextDue(nowNanos, periodNanos);
    }

    /** Whether the links are due for their periodic reading, and if so sets the next one. */
    boolean socketsDue(long nowNanos, long periodNanos) {
        if (socketsCheckedTick >= 0 && nowNanos - socketsDueNanos < 0) {
            return false;
        }
        socketsDueNanos = nextDue(nowNanos, periodNanos);
        return true;
    }

    /**
     * The pid spreads refreshes over a quarter of the period, so that processes first seen in the
     * same tick (all of them, at start) are not all read again in one later tick.
     */
    private long nextDue(long nowNanos, long periodNanos) {
        return nowNanos + periodNanos + (periodNanos / 4) * Math.floorMod(pid * 0x9E3779B1, 1024) / 1024;
    }

    boolean holdsFiles() {
        return statFile != null;
    }
}
