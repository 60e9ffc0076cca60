package dev.leakwatch.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the host agent reads and how often.
 *
 * @param procRoot          the proc file system to read: /proc on a host, /host/proc in a pod, a fixture tree in tests
 * @param cgroupRoot        the sysfs cgroup mount where memory limits are read
 * @param hostName          the host name to put in samples, or null to take the kernel's
 * @param tickInterval      how often every process is sampled
 * @param skipKernelThreads whether kernel threads (which own no memory, files or sockets) are left out
 */
public record AgentSettings(Path procRoot, Path cgroupRoot, String hostName, Duration tickInterval, boolean skipKernelThreads) {
    public static final Path DEFAULT_PROC_ROOT = Path.of("/proc");
    public static final Path DEFAULT_CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MIN_TICK_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_TICK_INTERVAL = Duration.ofHours(1);

    public AgentSettings {
        if (procRoot == null) {
            throw new IllegalArgumentException("procRoot must be set: /proc on a host, or where the host's /proc is mounted in a pod (e.g. /host/proc)");
        }
        if (cgroupRoot == null) {
            throw new IllegalArgumentException("cgroupRoot must be set: /sys/fs/cgroup on a host, or where the host's cgroup tree is mounted in a pod");
        }
        if (hostName != null && !isUsableHostName(hostName)) {
            throw new IllegalArgumentException("host name '" + hostName
                    + "' is not usable: it must be non-blank, without spaces or '/', because it is part of the record key host/pid/start_time;"
                    + " leave it unset to use the kernel's host name");
        }
        if (tickInterval == null || tickInterval.compareTo(MIN_TICK_INTERVAL) < 0 || tickInterval.compareTo(MAX_TICK_INTERVAL) > 0) {
            throw new IllegalArgumentException("tick interval must be between " + MIN_TICK_INTERVAL.toMillis() + " ms and "
                    + MAX_TICK_INTERVAL.toHours() + " h, got " + tickInterval + "; the default is " + DEFAULT_TICK_INTERVAL.toSeconds() + " s");
        }
    }

    /** /proc, /sys/fs/cgroup, the kernel's host name, a tick every 5 s, kernel threads skipped. */
    public static AgentSettings defaults() {
        return new AgentSettings(DEFAULT_PROC_ROOT, DEFAULT_CGROUP_ROOT, null, DEFAULT_TICK_INTERVAL, true);
    }

    public AgentSettings withProcRoot(Path newProcRoot) {
        return new AgentSettings(newProcRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads);
    }

    public AgentSettings withCgroupRoot(Path newCgroupRoot) {
        return new AgentSettings(procRoot, newCgroupRoot, hostName, tickInterval, skipKernelThreads);
    }

    public AgentSettings withHostName(String newHostName) {
        return new AgentSettings(procRoot, cgroupRoot, newHostName, tickInterval, skipKernelThreads);
    }

    public AgentSettings withTickInterval(Duration newTickInterval) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, newTickInterval, skipKernelThreads);
    }

    public AgentSettings withSkipKernelThreads(boolean skip) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skip);
    }

    private static boolean isUsableHostName(String name) {
        Objects.requireNonNull(name);
        return !name.isBlank() && name.chars().noneMatch(c -> c == '/' || Character.isWhitespace(c));
    }
}
