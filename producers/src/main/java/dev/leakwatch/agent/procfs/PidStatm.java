package dev.leakwatch.agent.procfs;

/**
 * The memory counters of /proc/PID/statm, in bytes. The kernel computes them from the same exact
 * per-process counters as VmRSS and RssAnon in /proc/PID/status (which ps reports), whereas the rss
 * field of /proc/PID/stat is a cheaper approximation that can be off by hundreds of KiB on kernels
 * with per-CPU rss counters (6.2+); and statm costs the kernel much less to write than status.
 *
 * @param residentBytes VmRSS: anonymous, file-backed and shared memory in RAM
 * @param sharedBytes   RssFile + RssShmem
 */
public record PidStatm(long sizeBytes, long residentBytes, long sharedBytes) {
    /** RssAnon: resident memory that only a leak or a cache in the program itself can grow. */
    public long anonymousBytes() {
        return Math.max(0, residentBytes - sharedBytes);
    }
}
