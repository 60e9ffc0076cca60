package dev.leakwatch.agent;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.agent.procfs.CgroupMemoryLimits;
import dev.leakwatch.agent.procfs.CgroupParser;
import dev.leakwatch.agent.procfs.CgroupPaths;
import dev.leakwatch.agent.procfs.CmdlineParser;
import dev.leakwatch.agent.procfs.FdDirectory;
import dev.leakwatch.agent.procfs.HostName;
import dev.leakwatch.agent.procfs.KernelStatParser;
import dev.leakwatch.agent.procfs.LimitsParser;
import dev.leakwatch.agent.procfs.MalformedProcFileException;
import dev.leakwatch.agent.procfs.MeminfoParser;
import dev.leakwatch.agent.procfs.PidStat;
import dev.leakwatch.agent.procfs.PidStatus;
import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.agent.procfs.StartTimes;
import dev.leakwatch.agent.procfs.StatParser;
import dev.leakwatch.agent.procfs.StatusParser;
import dev.leakwatch.schema.ProcessSample;

/**
 * Reads every process under the proc root and turns each into a {@link ProcessSample}.
 *
 * <p>Errors follow one taxonomy: a process that exits while it is being read is skipped silently
 * (and counted as vanished); a file that may not be read or does not parse is counted per file and
 * the process is still sampled with that field null; only failing to list the proc root fails the
 * whole tick. Not thread-safe: one tick at a time.
 */
public final class ProcessSampler {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSampler.class);
    /** Longer command lines (Java class paths) are cut: the head names the program, the tail is noise. */
    public static final int CMDLINE_MAX_CHARS = 512;
    /** Enough bytes for CMDLINE_MAX_CHARS characters of UTF-8. */
    private static final int CMDLINE_READ_BYTES = 4 * CMDLINE_MAX_CHARS;
    /** kthreadd, the parent of every kernel thread. */
    private static final int KTHREADD_PID = 2;

    private final AgentSettings settings;
    private final ProcFiles files;
    private final CgroupMemoryLimits cgroupLimits;
    private final String host;
    private final ReadErrorCounters errors = new ReadErrorCounters();
    /**
     * Read once: the kernel derives btime from the wall clock minus uptime, so it can wobble by a
     * second between reads after clock adjustments, and a wobble would change every start time and
     * with it every process's identity.
     */
    private Long bootTimeSeconds;

    public ProcessSampler(AgentSettings settings) {
        this(settings, ProcFiles.system());
    }

    public ProcessSampler(AgentSettings settings, ProcFiles files) {
        this.settings = settings;
        this.files = files;
        this.cgroupLimits = new CgroupMemoryLimits(files, settings.cgroupRoot());
        this.host = settings.hostName() != null ? settings.hostName() : HostName.resolve(files, settings.procRoot());
    }

    public String host() {
        return host;
    }

    public ReadErrorCounters errors() {
        return errors;
    }

    /**
     * One sample per live process, ordered by pid, all stamped with {@code tickTime} (to the millisecond).
     *
     * @throws IOException when the proc root cannot be listed or the boot time cannot be read,
     *                     without which no process has an identity
     */
    public List<ProcessSample> sample(Instant tickTime) throws IOException {
        final List<String> entries = files.list(settings.procRoot());
        final long bootTime = bootTimeSeconds();
        // samples carry epoch milliseconds; truncate here rather than leave it to the Avro builder
        final Tick tick = new Tick(tickTime.truncatedTo(ChronoUnit.MILLIS), bootTime, memTotalBytes());
        final List<ProcessSample> samples = new ArrayList<>();
        for (String name : entries) {
            if (!isPid(name)) {
                continue;
            }
            try {
                readProcess(Integer.parseInt(name), tick).ifPresent(samples::add);
            } catch (SkipProcess skip) {
                if (skip == SkipProcess.VANISHED) {
                    errors.countVanished();
                }
            }
        }
        samples.sort(Comparator.comparingInt(ProcessSample::getPid));
        return samples;
    }

    private Optional<ProcessSample> readProcess(int pid, Tick tick) throws SkipProcess {
        final Path dir = settings.procRoot().resolve(Integer.toString(pid));
        final PidStat stat = readRequired(ProcFile.STAT, dir, () -> StatParser.parse(files.read(dir.resolve("stat"))));
        final PidStatus status = read(ProcFile.STATUS, dir, () -> StatusParser.parse(files.read(dir.resolve("status"))));
        final String cmdline = read(ProcFile.CMDLINE, dir,
                () -> CmdlineParser.parse(files.readPrefix(dir.resolve("cmdline"), CMDLINE_READ_BYTES), CMDLINE_MAX_CHARS).orElse(null));
        if (settings.skipKernelThreads() && isKernelThread(stat, status, cmdline)) {
            errors.countKernelThreadSkipped();
            return Optional.empty();
        }
        final Integer fdCount = read(ProcFile.FD, dir, () -> FdDirectory.countOpen(files.list(dir.resolve("fd"))));
        final OptionalLong fdLimit = read(ProcFile.LIMITS, dir, () -> LimitsParser.softMaxOpenFiles(files.read(dir.resolve("limits"))));
        final CgroupPaths cgroup = read(ProcFile.CGROUP, dir, () -> CgroupParser.parse(files.read(dir.resolve("cgroup"))));
        final OptionalLong memoryLimit = memoryLimit(cgroup, dir, tick);

        final ProcessSample.Builder sample = ProcessSample.newBuilder()
                .setHost(host)
                .setPid(pid)
                .setStartTime(Instant.ofEpochMilli(StartTimes.epochMillis(tick.bootTimeSeconds, stat.startTimeTicks())))
                .setTimestamp(tick.time)
                .setComm(stat.comm())
                .setCmdline(cmdline)
                .setThreads(status != null && status.threads().isPresent() ? status.threads().getAsInt() : stat.numThreads())
                .setFdCount(fdCount)
                .setFdLimit(boxed(fdLimit))
                .setMemoryLimitBytes(boxed(memoryLimit));
        if (status != null) {
            sample.setRssBytes(boxed(status.vmRssBytes()));
            sample.setUid(status.realUid().isPresent() ? status.realUid().getAsInt() : null);
        }
        return Optional.of(sample.build());
    }

    /**
     * PF_KTHREAD is the kernel's own mark; kthreadd and its children are kernel threads on every
     * kernel; and a process with neither a command line nor memory is one too (zombies excepted,
     * which also have neither but belong to a user-space parent).
     */
    private static boolean isKernelThread(PidStat stat, PidStatus status, String cmdline) {
        if (stat.hasKernelThreadFlag() || stat.pid() == KTHREADD_PID || stat.ppid() == KTHREADD_PID) {
            return true;
        }
        return stat.state() != 'Z' && cmdline == null && status != null && status.vmRssBytes().isEmpty();
    }

    /** The cgroup's limit, capped by the host's memory (a cgroup may be allowed more than exists), else the host's memory. */
    private OptionalLong memoryLimit(CgroupPaths cgroup, Path pidDir, Tick tick) throws SkipProcess {
        OptionalLong limit = OptionalLong.empty();
        if (cgroup != null) {
            final OptionalLong cached = tick.limitsByCgroup.get(cgroup);
            if (cached != null) {
                limit = cached;
            } else {
                final OptionalLong read = read(ProcFile.CGROUP_MEMORY_LIMIT, pidDir, () -> cgroupLimits.limitOf(cgroup));
                if (read != null) {
                    tick.limitsByCgroup.put(cgroup, read);
                    limit = read;
                }
            }
        }
        if (limit.isEmpty()) {
            return tick.memTotalBytes;
        }
        if (tick.memTotalBytes.isPresent()) {
            return OptionalLong.of(Math.min(limit.getAsLong(), tick.memTotalBytes.getAsLong()));
        }
        return limit;
    }

    private long bootTimeSeconds() throws IOException {
        if (bootTimeSeconds == null) {
            final Path stat = settings.procRoot().resolve("stat");
            try {
                bootTimeSeconds = KernelStatParser.bootTimeSeconds(files.read(stat));
            } catch (MalformedProcFileException e) {
                throw new IOException("cannot read the boot time from " + stat + ": " + e.getMessage(), e);
            }
        }
        return bootTimeSeconds;
    }

    private OptionalLong memTotalBytes() {
        try {
            return OptionalLong.of(MeminfoParser.memTotalBytes(files.read(settings.procRoot().resolve("meminfo"))));
        } catch (AccessDeniedException e) {
            errors.countPermissionDenied(ProcFile.MEMINFO);
        } catch (MalformedProcFileException e) {
            errors.countMalformed(ProcFile.MEMINFO);
            LOG.debug("malformed meminfo", e);
        } catch (IOException e) {
            errors.countOtherIoError(ProcFile.MEMINFO);
            LOG.debug("cannot read meminfo", e);
        }
        return OptionalLong.empty();
    }

    /** Like {@link #read} but a process without this file cannot be sampled at all. */
    private <T> T readRequired(ProcFile file, Path pidDir, ProcRead<T> read) throws SkipProcess {
        final T value = read(file, pidDir, read);
        if (value == null) {
            throw SkipProcess.UNREADABLE;
        }
        return value;
    }

    /**
     * The value, or null after counting why not. A missing file means the process exited; so does
     * any other I/O error (such as ESRCH) once its directory is gone.
     */
    private <T> T read(ProcFile file, Path pidDir, ProcRead<T> read) throws SkipProcess {
        try {
            return read.get();
        } catch (NoSuchFileException e) {
            throw SkipProcess.VANISHED;
        } catch (AccessDeniedException e) {
            errors.countPermissionDenied(file);
            LOG.debug("permission denied: {}", e.getFile());
        } catch (MalformedProcFileException e) {
            errors.countMalformed(file);
            LOG.debug("malformed {} of {}: {}", file.label(), pidDir, e.getMessage());
        } catch (IOException e) {
            if (!files.exists(pidDir)) {
                throw SkipProcess.VANISHED;
            }
            errors.countOtherIoError(file);
            LOG.debug("cannot read {} of {}", file.label(), pidDir, e);
        }
        return null;
    }

    private static Long boxed(OptionalLong value) {
        return value != null && value.isPresent() ? value.getAsLong() : null;
    }

    private static boolean isPid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(name) <= Integer.MAX_VALUE;
    }

    @FunctionalInterface
    private interface ProcRead<T> {
        T get() throws IOException;
    }

    /** What a tick shares across processes. */
    private static final class Tick {
        final Instant time;
        final long bootTimeSeconds;
        final OptionalLong memTotalBytes;
        /** Most processes share a handful of cgroups; read each limit once per tick. */
        final Map<CgroupPaths, OptionalLong> limitsByCgroup = new HashMap<>();

        Tick(Instant time, long bootTimeSeconds, OptionalLong memTotalBytes) {
            this.time = time;
            this.bootTimeSeconds = bootTimeSeconds;
            this.memTotalBytes = memTotalBytes;
        }
    }

    /** Control flow out of one process's reads; carries no stack trace. */
    private static final class SkipProcess extends Exception {
        static final SkipProcess VANISHED = new SkipProcess("vanished");
        static final SkipProcess UNREADABLE = new SkipProcess("unreadable");

        private SkipProcess(String reason) {
            super(reason, null, false, false);
        }
    }
}
