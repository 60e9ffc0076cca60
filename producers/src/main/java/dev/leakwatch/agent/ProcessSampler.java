package dev.leakwatch.agent;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.agent.identity.ProcessFacts;
import dev.leakwatch.agent.identity.ServiceResolver;
import dev.leakwatch.agent.procfs.CgroupMemoryLimits;
import dev.leakwatch.agent.procfs.CgroupParser;
import dev.leakwatch.agent.procfs.CgroupPaths;
import dev.leakwatch.agent.procfs.CmdlineParser;
import dev.leakwatch.agent.procfs.EnvironParser;
import dev.leakwatch.agent.procfs.FdDirectory;
import dev.leakwatch.agent.procfs.HostName;
import dev.leakwatch.agent.procfs.KernelStatParser;
import dev.leakwatch.agent.procfs.LimitsParser;
import dev.leakwatch.agent.procfs.LinkTargets;
import dev.leakwatch.agent.procfs.MalformedProcFileException;
import dev.leakwatch.agent.procfs.MeminfoParser;
import dev.leakwatch.agent.procfs.PageSize;
import dev.leakwatch.agent.procfs.PasswdParser;
import dev.leakwatch.agent.procfs.PidStat;
import dev.leakwatch.agent.procfs.PidStatm;
import dev.leakwatch.agent.procfs.PidStatus;
import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.agent.procfs.StartTimes;
import dev.leakwatch.agent.procfs.StatParser;
import dev.leakwatch.agent.procfs.StatmParser;
import dev.leakwatch.agent.procfs.StatusParser;
import dev.leakwatch.agent.procfs.TcpState;
import dev.leakwatch.agent.select.ProcessSelector;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;

/**
 * Reads every process under the proc root and turns each selected one into a {@link ProcessSample}.
 *
 * <p>A tick reads, for every process, {@code stat} (identity, threads) and {@code statm} (memory),
 * then selects; for each selected process it lists {@code fd/} and reads each descriptor's link to
 * find its sockets; then it reads the socket tables once per network namespace and counts each
 * process's TCP sockets per state. Facts that rarely change are read when a process is first seen
 * and again every {@link AgentSettings#staticRefresh()}.
 *
 * <p>Errors follow one taxonomy: a process that exits while it is being read is skipped silently
 * (and counted as vanished); a file that may not be read or does not parse is counted per file and
 * the process is still sampled with that field null; only failing to list the proc root (or to read
 * the boot time, without which no process has an identity) fails the whole tick. Not thread-safe:
 * one tick at a time.
 */
public final class ProcessSampler {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSampler.class);
    /** kthreadd, the parent of every kernel thread. */
    private static final int KTHREADD_PID = 2;

    private final AgentSettings settings;
    private final ProcFiles files;
    private final Path procRoot;
    private final int pageSize;
    private final LongSupplier nanoClock;
    private final CgroupMemoryLimits cgroupLimits;
    private final ProcessSelector selector;
    private final ServiceResolver services;
    private final ExecutableIds executables;
    private final String host;
    private final ReadErrorCounters errors = new ReadErrorCounters();
    private final Map<Integer, Incarnation> incarnations = new HashMap<>();
    private final int cmdlineReadBytes;
    private long tickNumber;
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
        this(settings, files, PageSize.detect(files), System::nanoTime);
    }

    ProcessSampler(AgentSettings settings, ProcFiles files, int pageSize, LongSupplier nanoClock) {
        this.settings = settings;
        this.files = files;
        this.procRoot = settings.procRoot();
        this.pageSize = pageSize;
        this.nanoClock = nanoClock;
        this.cgroupLimits = new CgroupMemoryLimits(files, settings.cgroupRoot());
        this.selector = new ProcessSelector(settings.selection(), uidsByName(settings, files));
        if (!selector.unknownUsers().isEmpty()) {
            LOG.warn("users {} are not in {}: the user filters naming them match no process", selector.unknownUsers(), settings.passwdFile());
        }
        this.services = new ServiceResolver(settings.serviceRules());
        this.executables = new ExecutableIds(files);
        this.host = settings.hostName() != null ? settings.hostName() : HostName.resolve(files, procRoot);
        // enough bytes for cmdlineMaxChars characters of UTF-8
        this.cmdlineReadBytes = (int) Math.min(4L * settings.cmdlineMaxChars(), Integer.MAX_VALUE);
    }

    public String host() {
        return host;
    }

    public ReadErrorCounters errors() {
        return errors;
    }

    /** The page size statm counts in. */
    public int pageSize() {
        return pageSize;
    }

    /**
     * One sample per selected live process, ordered by pid, all stamped with {@code tickTime} (to the millisecond).
     *
     * @throws IOException when the proc root cannot be listed or the boot time cannot be read,
     *                     without which no process has an identity
     */
    public List<ProcessSample> sample(Instant tickTime) throws IOException {
        return tick(tickTime).samples();
    }

    /** Like {@link #sample} with what the tick saw besides the samples. */
    public SamplerTick tick(Instant tickTime) throws IOException {
        final List<String> entries = files.list(procRoot);
        final long bootTime = bootTimeSeconds();
        final long tickNo = ++tickNumber;
        // samples carry epoch milliseconds; truncate here rather than leave it to the Avro builder
        final Tick tick = new Tick(tickTime.truncatedTo(ChronoUnit.MILLIS), bootTime, memTotalBytes(), nanoClock.getAsLong(), tickNo);

        final List<Reading> candidates = new ArrayList<>();
        int seen = 0;
        for (String name : entries) {
            if (!isPid(name)) {
                continue;
            }
            seen++;
            final int pid = Integer.parseInt(name);
            try {
                final Reading reading = readBasics(pid, procRoot.resolve(name), tick);
                if (reading != null) {
                    candidates.add(reading);
                }
            } catch (SkipProcess skip) {
                countSkip(skip);
            }
        }

        final ProcessSelector.Result<Reading> chosen = selector.select(candidates);
        final SocketTables tables = new SocketTables(files, procRoot, errors);
        final List<Reading> read = new ArrayList<>(chosen.selected().size());
        for (Reading reading : chosen.selected()) {
            try {
                readDetails(reading, tick, tables);
                read.add(reading);
            } catch (SkipProcess skip) {
                countSkip(skip);
            }
        }
        tables.load();

        final List<ProcessSample> samples = new ArrayList<>(read.size());
        for (Reading reading : read) {
            samples.add(toSample(reading, tick, tables));
        }
        samples.sort(Comparator.comparingInt(ProcessSample::getPid));
        forgetProcessesNotSeenIn(tickNo);
        return new SamplerTick(samples, seen, candidates.size(), chosen.filtered(), chosen.capped(),
                tables.namespaces(), tables.timeWait(), tables.tcpSockets(), tables.udpSockets(), tables.unixSockets());
    }

    private void countSkip(SkipProcess skip) {
        if (skip == SkipProcess.VANISHED) {
            errors.countVanished();
        }
    }

    /** stat and statm, plus the facts selection needs when they are due; null for a kernel thread that is skipped. */
    private Reading readBasics(int pid, Path dir, Tick tick) throws SkipProcess {
        final PidStat stat = readRequired(ProcFile.STAT, dir, () -> StatParser.parse(files.readSingleShot(dir.resolve("stat"))));
        if (settings.skipKernelThreads() && isKernelThread(stat)) {
            errors.countKernelThreadSkipped();
            return null;
        }
        Incarnation incarnation = incarnations.get(pid);
        if (incarnation == null || incarnation.startTicks != stat.startTimeTicks()) {
            incarnation = new Incarnation(pid, stat.startTimeTicks(), StartTimes.epochMillis(tick.bootTimeSeconds, stat.startTimeTicks()));
            incarnations.put(pid, incarnation);
        }
        incarnation.lastSeenTick = tick.number;
        if (incarnation.needsRefresh(tick.nanos, stat.comm())) {
            incarnation.startRefresh(tick.nanos, settings.staticRefresh().toNanos());
            final Incarnation target = incarnation;
            target.cmdline = read(ProcFile.CMDLINE, dir,
                    () -> CmdlineParser.parse(files.readPrefix(dir.resolve("cmdline"), cmdlineReadBytes), settings.cmdlineMaxChars()).orElse(null));
            final PidStatus status = read(ProcFile.STATUS, dir, () -> StatusParser.parse(files.read(dir.resolve("status"))));
            target.uid = status != null && status.realUid().isPresent() ? status.realUid().getAsInt() : null;
            target.comm = stat.comm();
            target.basicsRead = true;
        }
        final PidStatm statm = read(ProcFile.STATM, dir, () -> StatmParser.parse(files.readSingleShot(dir.resolve("statm")), pageSize));
        return new Reading(incarnation, dir, stat, statm);
    }

    /** Limits, cgroup, namespace and service when due; descriptors and their sockets every tick. */
    private void readDetails(Reading reading, Tick tick, SocketTables tables) throws SkipProcess {
        final Incarnation incarnation = reading.incarnation;
        final Path dir = reading.dir;
        if (!incarnation.detailsRead) {
            final OptionalLong fdLimit = read(ProcFile.LIMITS, dir, () -> LimitsParser.softMaxOpenFiles(files.read(dir.resolve("limits"))));
            incarnation.fdLimit = boxed(fdLimit);
            final CgroupPaths cgroup = read(ProcFile.CGROUP, dir, () -> CgroupParser.parse(files.read(dir.resolve("cgroup"))));
            incarnation.memoryLimitBytes = boxed(memoryLimit(cgroup, dir, tick));
            incarnation.containerId = cgroup == null ? null : cgroup.containerId().orElse(null);
            final String netLink = read(ProcFile.NS_NET, dir, () -> files.readLink(dir.resolve("ns").resolve("net")));
            incarnation.netNamespace = netLink == null ? SocketTables.UNKNOWN_NAMESPACE : LinkTargets.netNamespaceInode(netLink);
            if (services.hasRules()) {
                final ServiceResolver.Identity identity = services.resolve(new Facts(incarnation, dir, cgroup));
                incarnation.service = identity.service();
                incarnation.version = identity.version();
            }
            incarnation.detailsRead = true;
        }
        readDescriptors(reading);
        tables.register(incarnation.netNamespace, incarnation.pid);
    }

    /**
     * Lists fd/ and reads the link of every entry. A descriptor closed between the listing and its
     * link is no longer there and is not looked at; a link that may not be read leaves the sockets
     * unknown (the count stays: listing needs less privilege than reading links).
     */
    private void readDescriptors(Reading reading) throws SkipProcess {
        final Path fdDir = reading.dir.resolve("fd");
        final List<String> names = read(ProcFile.FD, reading.dir, () -> files.list(fdDir));
        if (names == null) {
            return;
        }
        reading.fdCount = FdDirectory.countOpen(names);
        long[] sockets = new long[8];
        int socketCount = 0;
        for (String name : names) {
            if (!FdDirectory.isDecimal(name)) {
                continue;
            }
            final String target;
            try {
                target = files.readLink(fdDir.resolve(name));
            } catch (NoSuchFileException closedMeanwhile) {
                continue;
            } catch (AccessDeniedException e) {
                errors.countPermissionDenied(ProcFile.FD_LINK);
                LOG.debug("permission denied: {}", e.getFile());
                return;
            } catch (IOException e) {
                if (!files.exists(reading.dir)) {
                    throw SkipProcess.VANISHED;
                }
                errors.countOtherIoError(ProcFile.FD_LINK);
                LOG.debug("cannot read the link {}/{}", fdDir, name, e);
                return;
            }
            final long inode = LinkTargets.socketInode(target);
            if (inode >= 0) {
                if (socketCount == sockets.length) {
                    sockets = Arrays.copyOf(sockets, socketCount * 2);
                }
                sockets[socketCount++] = inode;
            }
        }
        reading.socketInodes = sockets;
        reading.socketCount = socketCount;
    }

    private ProcessSample toSample(Reading reading, Tick tick, SocketTables tables) {
        final Incarnation incarnation = reading.incarnation;
        return ProcessSample.newBuilder()
                .setHost(host)
                .setPid(incarnation.pid)
                .setStartTime(Instant.ofEpochMilli(incarnation.startMillis))
                .setTimestamp(tick.time)
                .setComm(reading.stat.comm())
                .setService(incarnation.service)
                .setVersion(incarnation.version)
                .setCmdline(incarnation.cmdline)
                .setContainerId(incarnation.containerId)
                .setUid(incarnation.uid)
                .setRssBytes(reading.statm == null ? null : reading.statm.residentBytes())
                .setMemoryLimitBytes(incarnation.memoryLimitBytes)
                .setFdCount(reading.fdCount)
                .setFdLimit(incarnation.fdLimit)
                .setThreads(reading.stat.numThreads())
                .setTcp(tcpCounts(reading, tables))
                .setRssAnonBytes(reading.statm == null ? null : reading.statm.anonymousBytes())
                .setHostTcpTimeWait(tables.timeWait())
                .build();
    }

    /**
     * The process's TCP sockets per state, each socket once however many descriptors refer to it
     * (as ss counts them); null when its links could not be read, or when it has sockets and its
     * namespace's tables could not be read, since then a socket missing from the map might be TCP.
     */
    private static TcpStateCounts tcpCounts(Reading reading, SocketTables tables) {
        if (reading.socketInodes == null || reading.socketCount > 0 && !tables.isLoaded(reading.incarnation.netNamespace)) {
            return null;
        }
        final long[] inodes = reading.socketInodes;
        Arrays.sort(inodes, 0, reading.socketCount);
        final int[] byState = new int[TcpState.values().length + 1];
        for (int i = 0; i < reading.socketCount; i++) {
            if (i > 0 && inodes[i] == inodes[i - 1]) {
                continue;
            }
            final byte code = tables.codeOf(inodes[i]);
            if (code > 0 && code < byState.length) {
                byState[code]++;
            }
        }
        return TcpStateCounts.newBuilder()
                .setEstablished(byState[TcpState.ESTABLISHED.code()])
                .setSynSent(byState[TcpState.SYN_SENT.code()])
                .setSynRecv(byState[TcpState.SYN_RECV.code()])
                .setFinWait1(byState[TcpState.FIN_WAIT1.code()])
                .setFinWait2(byState[TcpState.FIN_WAIT2.code()])
                .setTimeWait(byState[TcpState.TIME_WAIT.code()])
                .setClose(byState[TcpState.CLOSE.code()])
                .setCloseWait(byState[TcpState.CLOSE_WAIT.code()])
                .setLastAck(byState[TcpState.LAST_ACK.code()])
                .setListen(byState[TcpState.LISTEN.code()])
                .setClosing(byState[TcpState.CLOSING.code()])
                .build();
    }

    /** PF_KTHREAD is the kernel's own mark; kthreadd and its children are kernel threads on every kernel. */
    private static boolean isKernelThread(PidStat stat) {
        return stat.hasKernelThreadFlag() || stat.pid() == KTHREADD_PID || stat.ppid() == KTHREADD_PID;
    }

    private void forgetProcessesNotSeenIn(long tickNo) {
        final Iterator<Incarnation> it = incarnations.values().iterator();
        while (it.hasNext()) {
            if (it.next().lastSeenTick != tickNo) {
                it.remove();
            }
        }
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
            final Path stat = procRoot.resolve("stat");
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
            return OptionalLong.of(MeminfoParser.memTotalBytes(files.read(procRoot.resolve("meminfo"))));
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

    private static Map<String, Integer> uidsByName(AgentSettings settings, ProcFiles files) {
        final boolean namesUsed = settings.selection().includeUsers().stream().anyMatch(ProcessSampler::isName)
                || settings.selection().excludeUsers().stream().anyMatch(ProcessSampler::isName);
        if (!namesUsed) {
            return Map.of();
        }
        try {
            final Map<String, Integer> uids = new HashMap<>();
            PasswdParser.namesByUid(files.read(settings.passwdFile())).forEach((uid, name) -> uids.putIfAbsent(name, uid));
            return uids;
        } catch (IOException e) {
            throw new IllegalArgumentException("user filters name users, but " + settings.passwdFile() + " cannot be read (" + e
                    + "); give uids instead or point the passwd file at the host's (e.g. /host/etc/passwd in a pod)", e);
        }
    }

    private static boolean isName(String user) {
        return !user.chars().allMatch(Character::isDigit);
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

    /** One process during one tick. */
    private static final class Reading implements ProcessSelector.Candidate {
        final Incarnation incarnation;
        final Path dir;
        final PidStat stat;
        final PidStatm statm;
        Integer fdCount;
        /** Inodes of the process's sockets; null when its descriptors' links could not be read. */
        long[] socketInodes;
        int socketCount;

        Reading(Incarnation incarnation, Path dir, PidStat stat, PidStatm statm) {
            this.incarnation = incarnation;
            this.dir = dir;
            this.stat = stat;
            this.statm = statm;
        }

        @Override
        public int pid() {
            return incarnation.pid;
        }

        @Override
        public String comm() {
            return stat.comm();
        }

        @Override
        public String cmdline() {
            return incarnation.cmdline;
        }

        @Override
        public Integer uid() {
            return incarnation.uid;
        }

        @Override
        public Long rssBytes() {
            return statm == null ? null : statm.residentBytes();
        }
    }

    /**
     * What service rules may read of one process: the environment and the executable only when a
     * rule asks, and each at most once. Errors are counted like any other read.
     */
    private final class Facts implements ProcessFacts {
        private final Incarnation incarnation;
        private final Path dir;
        private final CgroupPaths cgroup;
        private Optional<String> environ;
        private BasicFileAttributes exe;
        private boolean exeRead;

        Facts(Incarnation incarnation, Path dir, CgroupPaths cgroup) {
            this.incarnation = incarnation;
            this.dir = dir;
            this.cgroup = cgroup;
        }

        @Override
        public String comm() {
            return incarnation.comm;
        }

        @Override
        public String cmdline() {
            return incarnation.cmdline;
        }

        @Override
        public Optional<String> cgroupPath() {
            return cgroup == null ? Optional.empty() : cgroup.identifying();
        }

        @Override
        public Optional<String> systemdService() {
            return cgroup == null ? Optional.empty() : cgroup.systemdService();
        }

        @Override
        public Optional<String> environmentVariable(String name) {
            if (environ == null) {
                environ = Optional.ofNullable(quietly(ProcFile.ENVIRON, () -> files.read(dir.resolve("environ"))));
            }
            return environ.flatMap(text -> EnvironParser.lookup(text, name));
        }

        @Override
        public Optional<String> executableBuildId() {
            final BasicFileAttributes attributes = exeAttributes();
            if (attributes == null || attributes.fileKey() == null) {
                return Optional.empty();
            }
            final String identity = attributes.fileKey() + "@" + attributes.lastModifiedTime().toMillis();
            final Optional<String> id = quietly(ProcFile.EXE, () -> executables.buildId(dir.resolve("exe"), identity));
            return id == null ? Optional.empty() : id;
        }

        @Override
        public Optional<Long> executableModifiedMillis() {
            final BasicFileAttributes attributes = exeAttributes();
            return attributes == null ? Optional.empty() : Optional.of(attributes.lastModifiedTime().toMillis());
        }

        private BasicFileAttributes exeAttributes() {
            if (!exeRead) {
                exeRead = true;
                exe = quietly(ProcFile.EXE, () -> files.attributes(dir.resolve("exe")));
            }
            return exe;
        }

        /** A read for a rule: failures are counted, and a process that exited is left for the next tick to notice. */
        private <T> T quietly(ProcFile file, ProcRead<T> read) {
            try {
                return ProcessSampler.this.read(file, dir, read);
            } catch (SkipProcess vanished) {
                return null;
            }
        }
    }

    /** What a tick shares across processes. */
    private static final class Tick {
        final Instant time;
        final long bootTimeSeconds;
        final OptionalLong memTotalBytes;
        final long nanos;
        final long number;
        /** Most processes share a handful of cgroups; read each limit once per tick. */
        final Map<CgroupPaths, OptionalLong> limitsByCgroup = new HashMap<>();

        Tick(Instant time, long bootTimeSeconds, OptionalLong memTotalBytes, long nanos, long number) {
            this.time = time;
            this.bootTimeSeconds = bootTimeSeconds;
            this.memTotalBytes = memTotalBytes;
            this.nanos = nanos;
            this.number = number;
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
