package dev.leakwatch.agent;

/**
 * What the sampler remembers of one process incarnation (pid and start time) between ticks: the
 * facts that rarely change, so that a tick need not read them again. They are read again when they
 * are older than the refresh period, and at once when the comm changes (the process called exec).
 */
final class Incarnation {
    final int pid;
    final long startTicks;
    final long startMillis;
    long lastSeenTick;

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
    String containerId;
    long netNamespace = SocketTables.UNKNOWN_NAMESPACE;
    String service;
    String version;

    Incarnation(int pid, long startTicks, long startMillis) {
        this.pid = pid;
        this.startTicks = startTicks;
        this.startMillis = startMillis;
    }

    boolean needsRefresh(long nowNanos, String currentComm) {
        return !basicsRead || nowNanos - refreshDueNanos >= 0 || !currentComm.equals(comm);
    }

    /**
     * Forgets the cached facts and sets the next refresh. The pid spreads refreshes over a quarter of
     * the period, so that processes first seen in the same tick (all of them, at start) are not all
     * read again in one later tick.
     */
    void startRefresh(long nowNanos, long periodNanos) {
        basicsRead = false;
        detailsRead = false;
        refreshDueNanos = nowNanos + periodNanos + (periodNanos / 4) * Math.floorMod(pid * 0x9E3779B1, 1024) / 1024;
    }
}
