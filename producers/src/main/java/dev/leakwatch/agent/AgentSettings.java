package dev.leakwatch.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import dev.leakwatch.agent.identity.ServiceRules;
import dev.leakwatch.agent.select.ProcessSelection;

/**
 * What the host agent reads, how often, and how much it may hold while the broker is away.
 *
 * @param procRoot          the proc file system to read: /proc on a host, /host/proc in a pod, a fixture tree in tests
 * @param cgroupRoot        the sysfs cgroup mount where memory limits are read
 * @param hostName          the host name to put in samples, or null to take the kernel's
 * @param tickInterval      how often every process is sampled
 * @param skipKernelThreads whether kernel threads (which own no memory, files or sockets) are left out
 * @param cmdlineMaxChars   command lines are cut to this many characters
 * @param selection         which processes are published, and at most how many
 * @param serviceRules      how service and version are derived
 * @param staticRefresh     how often facts that rarely change (command line, uid, limits, cgroup,
 *                          network namespace, service and version) are read again for a process
 *                          already seen; zero reads them every tick. Memory, fds, threads and
 *                          sockets are read every tick whatever this says.
 * @param socketRefresh     how long the sockets found in a process's descriptor links may be reused
 *                          while nothing says they changed (see SocketCache); the links are read
 *                          again at least this often. Zero reads them every tick.
 * @param passwdFile        where user names are looked up for user filters (the host's, /host/etc/passwd in a pod)
 * @param bufferBytes       how many bytes of serialized samples may wait while the broker is unreachable;
 *                          beyond it the oldest are dropped and counted
 * @param summaryEvery      how often the agent logs a one-line summary of its counters
 */
public record AgentSettings(
        Path procRoot,
        Path cgroupRoot,
        String hostName,
        Duration tickInterval,
        boolean skipKernelThreads,
        int cmdlineMaxChars,
        ProcessSelection selection,
        ServiceRules serviceRules,
        Duration staticRefresh,
        Duration socketRefresh,
        Path passwdFile,
        long bufferBytes,
        Duration summaryEvery) {

    public static final Path DEFAULT_PROC_ROOT = Path.of("/proc");
    public static final Path DEFAULT_CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    public static final Path DEFAULT_PASSWD_FILE = Path.of("/etc/passwd");
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MIN_TICK_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_TICK_INTERVAL = Duration.ofHours(1);
    /** Longer command lines (Java class paths) are cut: the head names the program, the tail is noise. */
    public static final int DEFAULT_CMDLINE_MAX_CHARS = 512;
    public static final int MAX_CMDLINE_MAX_CHARS = 64 * 1024;
    public static final Duration DEFAULT_STATIC_REFRESH = Duration.ofMinutes(1);
    /**
     * Reading every descriptor's link is most of what a full read of a process costs; the cache
     * misses only the rare changes listed in SocketCache, so its safety net can be coarser than the
     * static facts' refresh.
     */
    public static final Duration DEFAULT_SOCKET_REFRESH = Duration.ofMinutes(5);
    /** About ten minutes of a 300-process host at 5 s ticks (a sample costs about 400 bytes here); see AGENT.md. */
    public static final long DEFAULT_BUFFER_BYTES = 16L << 20;
    public static final long MIN_BUFFER_BYTES = 64L << 10;
    public static final Duration DEFAULT_SUMMARY_EVERY = Duration.ofMinutes(1);

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
        if (cmdlineMaxChars < 1 || cmdlineMaxChars > MAX_CMDLINE_MAX_CHARS) {
            throw new IllegalArgumentException("command lines can be cut to between 1 and " + MAX_CMDLINE_MAX_CHARS + " characters, got "
                    + cmdlineMaxChars + "; the default is " + DEFAULT_CMDLINE_MAX_CHARS);
        }
        if (selection == null) {
            throw new IllegalArgumentException("selection must be set; ProcessSelection.all() selects every process");
        }
        if (serviceRules == null) {
            throw new IllegalArgumentException("service rules must be set; ServiceRules.none() derives nothing");
        }
        if (staticRefresh == null || staticRefresh.isNegative()) {
            throw new IllegalArgumentException("the refresh period of static facts must be zero (every tick) or positive, got " + staticRefresh);
        }
        if (socketRefresh == null || socketRefresh.isNegative()) {
            throw new IllegalArgumentException("the refresh period of sockets must be zero (every tick) or positive, got " + socketRefresh);
        }
        if (passwdFile == null) {
            throw new IllegalArgumentException("passwdFile must be set: /etc/passwd on a host, the host's copy in a pod");
        }
        if (bufferBytes < MIN_BUFFER_BYTES) {
            throw new IllegalArgumentException("the sample buffer must hold at least " + (MIN_BUFFER_BYTES >> 10) + " KiB, got "
                    + bufferBytes + " bytes; the default is " + (DEFAULT_BUFFER_BYTES >> 20) + " MiB");
        }
        if (summaryEvery == null || summaryEvery.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the summary log line can come at most every second, got " + summaryEvery);
        }
    }

    /** The five settings of the first agent; the rest take their defaults. */
    public AgentSettings(Path procRoot, Path cgroupRoot, String hostName, Duration tickInterval, boolean skipKernelThreads) {
        this(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, DEFAULT_CMDLINE_MAX_CHARS, ProcessSelection.all(),
                ServiceRules.defaults(), DEFAULT_STATIC_REFRESH, DEFAULT_SOCKET_REFRESH, DEFAULT_PASSWD_FILE, DEFAULT_BUFFER_BYTES, DEFAULT_SUMMARY_EVERY);
    }

    /**
     * /proc, /sys/fs/cgroup, the kernel's host name, a tick every 5 s, kernel threads skipped, every
     * other process up to 1000, the default service rules, static facts re-read every minute and
     * descriptor links at least every five minutes, a 16 MiB buffer and a summary line every minute.
     */
    public static AgentSettings defaults() {
        return new AgentSettings(DEFAULT_PROC_ROOT, DEFAULT_CGROUP_ROOT, null, DEFAULT_TICK_INTERVAL, true);
    }

    public AgentSettings withProcRoot(Path newProcRoot) {
        return new AgentSettings(newProcRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withCgroupRoot(Path newCgroupRoot) {
        return new AgentSettings(procRoot, newCgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withHostName(String newHostName) {
        return new AgentSettings(procRoot, cgroupRoot, newHostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withTickInterval(Duration newTickInterval) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, newTickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withSkipKernelThreads(boolean skip) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skip, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withCmdlineMaxChars(int chars) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, chars, selection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withSelection(ProcessSelection newSelection) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, newSelection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withServiceRules(ServiceRules rules) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, rules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withStaticRefresh(Duration refresh) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                refresh, socketRefresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withSocketRefresh(Duration refresh) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, refresh, passwdFile, bufferBytes, summaryEvery);
    }

    public AgentSettings withPasswdFile(Path file) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, socketRefresh, file, bufferBytes, summaryEvery);
    }

    public AgentSettings withBufferBytes(long bytes) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bytes, summaryEvery);
    }

    public AgentSettings withSummaryEvery(Duration every) {
        return new AgentSettings(procRoot, cgroupRoot, hostName, tickInterval, skipKernelThreads, cmdlineMaxChars, selection, serviceRules,
                staticRefresh, socketRefresh, passwdFile, bufferBytes, every);
    }

    private static boolean isUsableHostName(String name) {
        Objects.requireNonNull(name);
        return !name.isBlank() && name.chars().noneMatch(c -> c == '/' || Character.isWhitespace(c));
    }
}
