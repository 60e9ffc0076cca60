package dev.leakwatch.agent;

/** The files the sampler reads, as categories for its error counters. */
public enum ProcFile {
    STAT("stat"),
    STATUS("status"),
    CMDLINE("cmdline"),
    LIMITS("limits"),
    FD("fd"),
    CGROUP("cgroup"),
    /** memory.max or memory.limit_in_bytes under the cgroup root. */
    CGROUP_MEMORY_LIMIT("cgroup_memory_limit"),
    MEMINFO("meminfo");

    private final String label;

    ProcFile(String label) {
        this.label = label;
    }

    /** A lower-case name for metric tags and logs. */
    public String label() {
        return label;
    }
}
