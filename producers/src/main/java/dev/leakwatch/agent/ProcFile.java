package dev.leakwatch.agent;

/** The files the sampler reads, as categories for its error counters. */
public enum ProcFile {
    STAT("stat"),
    STATM("statm"),
    STATUS("status"),
    CMDLINE("cmdline"),
    LIMITS("limits"),
    /** Listing /proc/PID/fd (needs CAP_DAC_READ_SEARCH for another user's process), or its size on Linux 6.2+. */
    FD("fd"),
    /** Reading the links in /proc/PID/fd (needs CAP_SYS_PTRACE for another user's process). */
    FD_LINK("fd_link"),
    CGROUP("cgroup"),
    /** memory.max or memory.limit_in_bytes under the cgroup root. */
    CGROUP_MEMORY_LIMIT("cgroup_memory_limit"),
    /** pids.max under the cgroup root. */
    CGROUP_PIDS_LIMIT("cgroup_pids_limit"),
    MEMINFO("meminfo"),
    /** /proc/sys/kernel/threads-max, the host's limit on tasks. */
    THREADS_MAX("threads_max"),
    /** /proc/PID/ns/net, which says which network namespace's socket tables apply. */
    NS_NET("ns_net"),
    /** /proc/PID/net/tcp and tcp6. */
    NET_TCP("net_tcp"),
    /** /proc/PID/net/udp and udp6. */
    NET_UDP("net_udp"),
    NET_UNIX("net_unix"),
    /** /proc/PID/net/sockstat and sockstat6, which say whether the IPv6 tables are worth reading. */
    NET_SOCKSTAT("net_sockstat"),
    /** /proc/PID/environ, read only when a service or version rule asks for a variable. */
    ENVIRON("environ"),
    /** /proc/PID/exe, read only when a version rule asks for the build id or modification time. */
    EXE("exe");

    private final String label;

    ProcFile(String label) {
        this.label = label;
    }

    /** A lower-case name for metric tags and logs. */
    public String label() {
        return label;
    }
}
