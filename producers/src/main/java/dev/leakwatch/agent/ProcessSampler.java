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
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leakwatch.agent.identity.ProcessFacts;
import dev.leakwatch.agent.identity.ServiceResolver;
import dev.leakwatch.agent.procfs.CgroupMemoryLimits;
import dev.leakwatch.agent.procfs.CgroupParser;
import dev.leakwatch.agent.procfs.CgroupPaths;
import dev.leakwatch.agent.procfs.CgroupPidsLimits;
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
import dev.leakwatch.agent.procfs.RereadableFile;
import dev.leakwatch.agent.procfs.StartTimes;
import dev.leakwatch.agent.procfs.StatParser;
import dev.leakwatch.agent.procfs.StatmParser;
import dev.leakwatch.agent.procfs.StatusParser;
import dev.leakwatch.agent.procfs.TcpState;
import dev.leakwatch.agent.procfs.ThreadsMaxParser;
import dev.leakwatch.agent.select.ProcessSelector;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;

/**
 * Reads every process under the proc root and turns each selected one into a {@link ProcessSample}.
 *
 * <p>A tick reads, for every process, {@code stat} (identity, threads) and {@code statm} (memory),
 * both kept open between ticks ({@link HeldFiles}), then selects; for each selected process it
 * counts the descriptors (the size of {@code fd/} on Linux 6.2+, else its listing) and, when
 * {@link SocketCache} says the sockets found earlier may have changed, reads each descriptor's link
 * to find its sockets; then it reads the socket tables once per network namespace and counts each
 * process's TCP sockets per state. Facts that rarely change are read when a process is first seen
 * and again every {@link AgentSettings#staticRefresh()}.
 *
 * <p>Errors follow one taxonomy: a process that exits while it is being read is skipped silently
 * (and counted as vanished); a file that may not be read or does not parse is counted per file and
 * the process is still sampled with that field null; only failing to list the proc root (or to read
 * the boot time, without which no process has an identity) fails the whole tick. Not thread-safe:
 * one tick at a time. {@link #close} releases the files it holds open.
 */
public final class ProcessSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSampler.class);
    /** kthreadd, the parent of every kernel thread. */
    private static final int KTHREADD_PID = 2;

    private final AgentSettings settings;
    private final ProcFiles files;
    private final Path procRoot;
    private final int pageSize;
    private final LongSupplier nanoClock;
    private final CgroupMemoryLimits cgroupLimits;
    private final CgroupPidsLimits cgroupPids;
    private final ProcessSelector selector;
    private final ServiceResolver services;
    private final ExecutableIds executables;
    private final String host;
    private final ReadErrorCounters errors = new ReadErrorCounters();
    private final Map<Integer, Incarnation> incarnations = new HashMap<>();
    private final HeldFiles held;
    private final SocketTables tables;
    private final SocketCache socketCache = new SocketCache();
    private final int cmdlineReadBytes;
    /** The agent's own pid as the proc root numbers it, or -1 when the proc root does not show the agent. */
    private final int selfPid;
    /** Where the links of one process are collected before they are sorted and kept. */
    private long[] socketBuffer = new long[64];
    private final int[] stateCounts = new int[TcpState.values().length + 1];
    /** Whether the size of /proc/PID/fd is its number of descriptors (Linux 6.2+); decided at the first tick. */
    private Boolean fdSizeIsCount;
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
        this.cgroupPids = new CgroupPidsLimits(files, settings.cgroupRoot());
        this.held = new HeldFiles(files, HeldFiles.ownFdLimit());
        this.tables = new SocketTables(files, procRoot, errors);
        this.selector = new ProcessSelector(settings.selection(), uidsByName(settings, files));
        if (!selector.unknownUsers().isEmpty()) {
            LOG.warn("users {} are not in {}: the user filters naming them match no process", selector.unknownUsers(), settings.passwdFile());
        }
        this.services = new ServiceResolver(settings.serviceRules());
        this.executables = new ExecutableIds(files);
        this.host = settings.hostName() != null ? settings.hostName() : HostName.resolve(files, procRoot);
        // enough bytes for cmdlineMaxChars characters of UTF-8
        this.cmdlineReadBytes = (int) Math.min(4L * settings.cmdlineMaxChars(), Integer.MAX_VALUE);
        this.selfPid = selfPid(files, procRoot);
    }

    /** What {@code <proc-root>/self} leads to: the agent, if the proc root is of its pid namespace; -1 otherwise (a fixture tree). */
    private static int selfPid(ProcFiles files, Path procRoot) {
        try {
            return Integer.parseInt(files.readLink(procRoot.resolve("self")));
        } catch (IOException | RuntimeException notShown) {
            return -1;
        }
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
        if (fdSizeIsCount == null) {
            fdSizeIsCount = FdDirectory.sizeIsCount(files, procRoot);
            LOG.debug("descriptors counted by {}", fdSizeIsCount ? "the size of fd/" : "listing fd/");
        }
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
                final Reading reading = readBasics(pid, name, tick);
                if (reading != null) {
                    candidates.add(reading);
                }
            } catch (SkipProcess skip) {
                countSkip(skip);
            }
        }

        final ProcessSelector.Result<Reading> chosen = selector.select(candidates);
        tables.reset();
        final List<Reading> read = new ArrayList<>(chosen.selected().size());
        for (Reading reading : chosen.selected()) {
            try {
                readDetails(reading, tick);
                read.add(reading);
            } catch (SkipProcess skip) {
                countSkip(skip);
            }
        }
        tables.load();
        final List<Reading> sampled = readChangedSockets(read);

        final List<ProcessSample> samples = new ArrayList<>(sampled.size());
        for (Reading reading : sampled) {
            samples.add(toSample(reading, tick));
        }
        samples.sort(Comparator.comparingInt(ProcessSample::getPid));
        forgetProcessesNotSeenIn(tickNo);
        return new SamplerTick(samples, seen, candidates.size(), chosen.filtered(), chosen.capped(),
                tables.namespaces(), tables.timeWait(), tables.tcpSockets(), tables.udpSockets(), tables.unixSockets());
    }

    /**
     * With the tables read, reads the links of the processes whose sockets were reused but may have
     * changed after all (see {@link SocketCache}), and returns the processes still alive.
     */
    private List<Reading> readChangedSockets(List<Reading> read) {
        final List<Incarnation> incarnationsRead = new ArrayList<>(read.size());
        for (Reading reading : read) {
            incarnationsRead.add(reading.incarnation);
        }
        final Set<Long> newSockets = socketCache.namespacesWithNewSockets(incarnationsRead, tables);
        List<Reading> alive = read;
        for (int i = 0; i < read.size(); i++) {
            final Reading reading = read.get(i);
            final Incarnation incarnation = reading.incarnation;
            if (reading.socketsRead || incarnation.sockets == null) {
                continue;
            }
            if (newSockets.contains(incarnation.netNamespace) || SocketCache.lostASocket(incarnation, tables)) {
                try {
                    readSockets(reading, null);
                } catch (SkipProcess skip) {
                    countSkip(skip);
                    if (alive == read) {
                        alive = new ArrayList<>(read);
                    }
                    alive.remove(reading);
                    incarnationsRead.remove(incarnation);
                }
            }
        }
        socketCache.endTick(incarnationsRead, tables, tickNumber);
        return alive;
    }

    private void countSkip(SkipProcess skip) {
        if (skip == SkipProcess.VANISHED) {
            errors.countVanished();
        }
    }

    /** stat and statm, plus the facts selection needs when they are due; null for a kernel thread that is skipped. */
    private Reading readBasics(int pid, String name, Tick tick) throws SkipProcess {
        Incarnation incarnation = incarnations.get(pid);
        String statText = null;
        if (incarnation != null && incarnation.holdsFiles()) {
            try {
                statText = incarnation.statFile.reread();
            } catch (IOException exited) {
                // the process the file was opened for is gone; the pid may be another process's by now
                held.release(incarnation);
            }
        }
        RereadableFile opened = null;
        final Path dir = incarnation != null ? incarnation.dir : procRoot.resolve(name);
        if (statText == null) {
            final Path statPath = dir.resolve("stat");
            opened = held.mayHold() ? held.open(statPath) : null;
            final RereadableFile through = opened;
            try {
                statText = readRequired(ProcFile.STAT, dir, () -> through != null ? through.reread() : files.readSingleShot(statPath));
            } catch (SkipProcess skip) {
                if (opened != null) {
                    opened.close();
                }
                throw skip;
            }
        }
        final String text = statText;
        final PidStat stat = parse(ProcFile.STAT, dir, () -> StatParser.parse(text));
        if (stat == null) {
            if (opened != null) {
                opened.close();
            }
            throw SkipProcess.UNREADABLE;
        }
        if (incarnation == null || incarnation.startTicks != stat.startTimeTicks()) {
            if (incarnation != null) {
                held.release(incarnation);
            }
            incarnation = new Incarnation(pid, stat.startTimeTicks(), StartTimes.epochMillis(tick.bootTimeSeconds, stat.startTimeTicks()), dir);
            incarnation.kernelThread = isKernelThread(stat);
            incarnations.put(pid, incarnation);
        }
        if (opened != null) {
            if (incarnation.holdsFiles()) {
                opened.close();
            } else {
                held.hold(incarnation, opened);
            }
        }
        incarnation.lastSeenTick = tick.number;
        if (settings.skipKernelThreads() && incarnation.kernelThread) {
            // remembered, with its stat held, so that the next tick knows it at the cost of one read
            errors.countKernelThreadSkipped();
            return null;
        }
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
        final PidStatm statm = readStatm(incarnation);
        return new Reading(incarnation, stat, statm);
    }

    /** Through the held file when there is one: a failure there means the process has exited since its stat was read. */
    private PidStatm readStatm(Incarnation incarnation) throws SkipProcess {
        final Path dir = incarnation.dir;
        if (incarnation.holdsFiles()) {
            final String text;
            try {
                text = incarnation.statmFile.reread();
            } catch (IOException exited) {
                held.release(incarnation);
                throw SkipProcess.VANISHED;
            }
            return parse(ProcFile.STATM, dir, () -> StatmParser.parse(text, pageSize));
        }
        return read(ProcFile.STATM, dir, () -> StatmParser.parse(files.readSingleShot(dir.resolve("statm")), pageSize));
    }

    /** Limits, cgroup, namespace and service when due; descriptors every tick, and their sockets unless the earlier ones stand. */
    private void readDetails(Reading reading, Tick tick) throws SkipProcess {
        final Incarnation incarnation = reading.incarnation;
        final Path dir = incarnation.dir;
        if (!incarnation.detailsRead) {
            final String limits = read(ProcFile.LIMITS, dir, () -> files.read(dir.resolve("limits")));
            incarnation.fdLimit = limits == null ? null : boxed(parse(ProcFile.LIMITS, dir, () -> LimitsParser.softMaxOpenFiles(limits)));
            final OptionalLong nproc = limits == null ? null : parse(ProcFile.LIMITS, dir, () -> LimitsParser.softMaxProcesses(limits));
            final CgroupPaths cgroup = read(ProcFile.CGROUP, dir, () -> CgroupParser.parse(files.read(dir.resolve("cgroup"))));
            incarnation.memoryLimitBytes = boxed(memoryLimit(cgroup, dir, tick));
            incarnation.threadLimit = threadLimit(incarnation, nproc, cgroup, dir, tick);
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
        readDescriptors(reading, tick);
        tables.register(incarnation.netNamespace, incarnation.pid);
    }

    /**
     * Counts the descriptors, by the size of fd/ where the kernel puts the count there (a stat,
     * which needs no permission on the directory) and else by listing it, then reads their links
     * unless the sockets read at the previous tick may stand ({@link SocketCache#reusable}).
     */
    private void readDescriptors(Reading reading, Tick tick) throws SkipProcess {
        final Incarnation incarnation = reading.incarnation;
        final Path fdDir = incarnation.dir.resolve("fd");
        List<String> names = null;
        if (fdSizeIsCount) {
            held.holdFdDirectory(incarnation);
            Long size = null;
            if (incarnation.fdDirFile != null) {
                try {
                    size = incarnation.fdDirFile.size();
                } catch (IOException e) {
                    // exited (ENOENT) or something odd: ask by path, which says which
                    held.releaseFdDirectory(incarnation);
                }
            }
            if (size == null) {
                size = read(ProcFile.FD, incarnation.dir, () -> files.size(fdDir));
            }
            reading.fdCount = size == null ? null : (int) Math.min(size, Integer.MAX_VALUE);
        } else {
            names = read(ProcFile.FD, incarnation.dir, () -> files.list(fdDir));
            reading.fdCount = names == null ? null : FdDirectory.countOpen(names);
        }
        if (reading.fdCount == null) {
            incarnation.sockets = null;
            return;
        }
        reading.cacheCount = cacheCount(incarnation, reading.fdCount);
        final boolean due = incarnation.socketsDue(tick.nanos, settings.socketRefresh().toNanos());
        if (!due && SocketCache.reusable(incarnation, tick.number, reading.cacheCount)) {
            return;
        }
        readSockets(reading, names);
    }

    /**
     * The descriptor count the socket cache compares. For the agent itself, without the /proc files
     * it holds at this moment: they change whenever a process appears or exits anywhere on the host,
     * and would otherwise have it read the links of its own thousands of held files at most ticks.
     * Its other descriptors (Kafka connections, the metrics server) are compared as any process's are.
     */
    private int cacheCount(Incarnation incarnation, int fdCount) {
        return incarnation.pid == selfPid ? fdCount - held.descriptors() : fdCount;
    }

    /**
     * Reads the link of every entry of fd/ (listing it unless the listing is given). A descriptor
     * closed between the listing and its link is no longer there and is not looked at; a link that
     * may not be read leaves the sockets unknown (the count stays: counting needs less privilege
     * than reading links).
     */
    private void readSockets(Reading reading, List<String> listed) throws SkipProcess {
        final Incarnation incarnation = reading.incarnation;
        final Path fdDir = incarnation.dir.resolve("fd");
        reading.socketsRead = true;
        final long[] previous = incarnation.sockets;
        incarnation.sockets = null;
        incarnation.socketsFdCount = reading.cacheCount;
        final List<String> names = listed != null ? listed : read(ProcFile.FD, incarnation.dir, () -> files.list(fdDir));
        if (names == null) {
            return;
        }
        if (listed == null && fdSizeIsCount && reading.fdCount == 0 && FdDirectory.countOpen(names) > 0) {
            // a kernel that reports 0 for every fd/ (before 6.2) in spite of its version: count by listing from now on
            LOG.info("the size of {} is 0 though it lists descriptors: counting descriptors by listing fd/ from now on", fdDir);
            fdSizeIsCount = false;
            reading.fdCount = FdDirectory.countOpen(names);
            reading.cacheCount = cacheCount(incarnation, reading.fdCount);
            incarnation.socketsFdCount = reading.cacheCount;
        }
        long[] sockets = socketBuffer;
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
                if (!files.exists(incarnation.dir)) {
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
                    socketBuffer = sockets;
                }
                sockets[socketCount++] = inode;
            }
        }
        Arrays.sort(sockets, 0, socketCount);
        int unique = 0;
        for (int i = 0; i < socketCount; i++) {
            if (unique == 0 || sockets[i] != sockets[unique - 1]) {
                sockets[unique++] = sockets[i];
            }
        }
        incarnation.sockets = previous != null && previous.length >= unique ? previous : new long[Math.max(unique, 1)];
        System.arraycopy(sockets, 0, incarnation.sockets, 0, unique);
        incarnation.socketCount = unique;
    }

    private ProcessSample toSample(Reading reading, Tick tick) {
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
                .setTcp(tcpCounts(incarnation))
                .setRssAnonBytes(reading.statm == null ? null : reading.statm.anonymousBytes())
                .setHostTcpTimeWait(tables.timeWait())
                .setThreadLimit(incarnation.threadLimit)
                .build();
    }

    /**
     * The process's TCP sockets per state, each socket once however many descriptors refer to it
     * (as ss counts them); null when its links could not be read, or when it has sockets and its
     * namespace's tables could not be read, since then a socket missing from the map might be TCP.
     */
    private TcpStateCounts tcpCounts(Incarnation incarnation) {
        if (incarnation.sockets == null || incarnation.socketCount > 0 && !tables.isLoaded(incarnation.netNamespace)) {
            return null;
        }
        final int[] byState = stateCounts;
        Arrays.fill(byState, 0);
        for (int i = 0; i < incarnation.socketCount; i++) {
            final byte code = tables.codeOf(incarnation.sockets[i]);
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
            final Incarnation incarnation = it.next();
            if (incarnation.lastSeenTick != tickNo) {
                held.release(incarnation);
                it.remove();
            }
        }
    }

    /** Releases the files held open between ticks; a tick after this opens them again. */
    @Override
    public void close() {
        for (Incarnation incarnation : incarnations.values()) {
            held.release(incarnation);
        }
        incarnations.clear();
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

    /**
     * The most tasks the process may have: the smallest of its cgroup's pids.max (up to the root),
     * its soft RLIMIT_NPROC and the kernel's threads-max; null when none is known. RLIMIT_NPROC
     * is left out for a process of root, since the kernel does not apply it to root (the real uid
     * 0 of the host's user namespace; fork checks {@code user != INIT_USER}).
     */
    private Long threadLimit(Incarnation incarnation, OptionalLong nproc, CgroupPaths cgroup, Path pidDir, Tick tick) throws SkipProcess {
        long limit = Long.MAX_VALUE;
        if (cgroup != null) {
            final String key = CgroupPidsLimits.cacheKey(cgroup);
            OptionalLong pids = tick.pidsLimitsByCgroup.get(key);
            if (pids == null) {
                pids = read(ProcFile.CGROUP_PIDS_LIMIT, pidDir, () -> cgroupPids.limitOf(cgroup));
                if (pids != null) {
                    tick.pidsLimitsByCgroup.put(key, pids);
                }
            }
            if (pids != null && pids.isPresent()) {
                limit = Math.min(limit, pids.getAsLong());
            }
        }
        final boolean root = incarnation.uid != null && incarnation.uid == 0;
        if (nproc != null && nproc.isPresent() && !root) {
            limit = Math.min(limit, nproc.getAsLong());
        }
        final OptionalLong threadsMax = threadsMax(tick);
        if (threadsMax.isPresent()) {
            limit = Math.min(limit, threadsMax.getAsLong());
        }
        return limit == Long.MAX_VALUE ? null : limit;
    }

    /** /proc/sys/kernel/threads-max, read at most once per tick and only when some process's limits are read. */
    private OptionalLong threadsMax(Tick tick) {
        if (tick.threadsMax == null) {
            final Path file = procRoot.resolve("sys").resolve("kernel").resolve("threads-max");
            tick.threadsMax = OptionalLong.empty();
            try {
                tick.threadsMax = OptionalLong.of(ThreadsMaxParser.parse(files.readSingleShot(file)));
            } catch (NoSuchFileException e) {
                // a proc root without sys/ (a fixture tree, a trimmed mount): no host limit known
            } catch (AccessDeniedException e) {
                errors.countPermissionDenied(ProcFile.THREADS_MAX);
            } catch (MalformedProcFileException e) {
                errors.countMalformed(ProcFile.THREADS_MAX);
                LOG.debug("malformed threads-max", e);
            } catch (IOException e) {
                errors.countOtherIoError(ProcFile.THREADS_MAX);
                LOG.debug("cannot read threads-max", e);
            }
        }
        return tick.threadsMax;
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

    /** The parsed value, or null after counting a malformed file. */
    private <T> T parse(ProcFile file, Path pidDir, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (MalformedProcFileException e) {
            errors.countMalformed(file);
            LOG.debug("malformed {} of {}: {}", file.label(), pidDir, e.getMessage());
            return null;
        }
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
        final PidStat stat;
        final PidStatm statm;
        Integer fdCount;
        /** The count the socket cache compares ({@link #cacheCount}), taken when the descriptors were counted. */
        int cacheCount;
        /** Whether the descriptors' links were read this tick (else the sockets are those of an earlier tick). */
        boolean socketsRead;

        Reading(Incarnation incarnation, PidStat stat, PidStatm statm) {
            this.incarnation = incarnation;
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
        final Map<String, OptionalLong> pidsLimitsByCgroup = new HashMap<>();
        /** Read when the first process's limits are. */
        OptionalLong threadsMax;

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
