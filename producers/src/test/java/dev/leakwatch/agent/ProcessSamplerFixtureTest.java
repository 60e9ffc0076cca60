package dev.leakwatch.agent;

import static dev.leakwatch.agent.procfs.Fixtures.HOST_A_BOOT_TIME_SECONDS;
import static dev.leakwatch.agent.procfs.Fixtures.HOST_A_MEM_TOTAL_BYTES;
import static dev.leakwatch.agent.procfs.Fixtures.HOST_B_CLIENT;
import static dev.leakwatch.agent.procfs.Fixtures.HOST_B_NETNS;
import static dev.leakwatch.agent.procfs.Fixtures.HOST_B_SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.leakwatch.agent.identity.ServiceRules;
import dev.leakwatch.agent.procfs.Fixtures;
import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.agent.select.ProcessSelection;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;

class ProcessSamplerFixtureTest {
    private static final Instant TICK = Instant.parse("2026-11-25T14:00:00.123Z");
    private static final Path PROC = Fixtures.path(Fixtures.HOST_A);
    private static final Path CGROUP = Fixtures.path(Fixtures.CGROUP_A);
    private static final long MIB = 1024L * 1024;
    private static final int PAGE = 4096;
    private static final TcpStateCounts NO_SOCKETS = TcpStateCounts.newBuilder().build();
    /** host-a/sys/kernel/threads-max. */
    private static final long THREADS_MAX = 192_729L;

    private final AgentSettings settings = AgentSettings.defaults().withProcRoot(PROC).withCgroupRoot(CGROUP);

    @Test
    void samplesEveryUserProcessOfTheFixtureTree() throws Exception {
        final ProcessSampler sampler = sampler(settings);

        final List<ProcessSample> samples = sampler.sample(TICK);

        // statm of pid 1000: 441 resident pages, 414 of them shared
        assertThat(samples.get(0).getRssAnonBytes()).isEqualTo((441L - 414L) * PAGE);
        assertThat(samples).extracting(ProcessSample::getHostTcpTimeWait).containsOnly(0);
        assertThat(samples).usingRecursiveFieldByFieldElementComparatorIgnoringFields("rss_anon_bytes").containsExactly(
                expected(1000, 45628, "chat_server").setCmdline("/usr/bin/chat_server --port 8080").setUid(0)
                        .setRssBytes(441L * PAGE).setMemoryLimitBytes(512 * MIB).setFdCount(5).setFdLimit(20000L).setThreads(1)
                        .setThreadLimit(THREADS_MAX).build(),
                expected(1001, 50000, "(a b ) ( c d)").setCmdline("python3 odd.py").setUid(1001).setService("odd")
                        .setRssBytes(13107L * PAGE).setMemoryLimitBytes(256 * MIB).setFdCount(3).setFdLimit(null).setThreads(7)
                        .setThreadLimit(4096L).build(),
                expected(1002, 60000, "worker").setCmdline("/opt/worker/bin/worker -c /etc/worker.conf").setUid(33)
                        .setRssBytes(200 * MIB).setMemoryLimitBytes(HOST_A_MEM_TOTAL_BYTES).setFdCount(8).setFdLimit(1024L).setThreads(3)
                        .setThreadLimit(512L).build(),
                expected(1003, 70000, "capped").setCmdline("capped").setUid(0).setService("leaf")
                        .setRssBytes(10 * MIB).setMemoryLimitBytes(1024 * MIB).setFdCount(3).setFdLimit(20000L).setThreads(2)
                        .setThreadLimit(300L).build(),
                expected(1004, 80000, "containerized").setCmdline("nginx: master process").setUid(0)
                        .setContainerId("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                        .setRssBytes(4 * MIB).setMemoryLimitBytes(HOST_A_MEM_TOTAL_BYTES).setFdCount(2).setFdLimit(20000L).setThreads(4)
                        .setThreadLimit(THREADS_MAX).build(),
                expected(1005, 90000, "garbled").setCmdline("garbled").setUid(null)
                        .setRssBytes(null).setMemoryLimitBytes(HOST_A_MEM_TOTAL_BYTES).setFdCount(1).setFdLimit(null).setThreads(1)
                        .setThreadLimit(96364L).build());
    }

    @ParameterizedTest(name = "pid {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # pid | thread limit | why
            1000  | 192729       | root: RLIMIT_NPROC does not apply, pids cgroup at the root, so threads-max
            1001  | 4096         | the soft Max processes (the hard one is 96364)
            1002  | 512          | v1 pids.max of its cgroup, below its parent's 4096 and Max processes
            1003  | 300          | v2: the leaf says max, its parent 300; root, so no RLIMIT_NPROC
            1004  | 192729       | a container path not mounted here, root: threads-max
            1005  | 96364        | uid unknown (status does not parse): Max processes applies
            """)
    void takesTheLowestOfPidsMaxMaxProcessesAndThreadsMaxAsTheThreadLimit(int pid, long limit, String why) throws Exception {
        assertThat(sampler(settings).sample(TICK)).filteredOn(s -> s.getPid() == pid).singleElement()
                .satisfies(s -> assertThat(s.getThreadLimit()).as(why).isEqualTo(limit));
    }

    @Test
    void leavesTheThreadLimitUnknownWhenNoLimitCanBeRead() throws Exception {
        final ProcessSampler sampler = sampler(settings, new FailingProcFiles()
                .deny(PROC.resolve("sys/kernel/threads-max")).deny(PROC.resolve("1000/limits")).deny(PROC.resolve("1001/limits")));

        final List<ProcessSample> samples = sampler.sample(TICK);

        assertThat(samples).filteredOn(s -> s.getPid() == 1000).singleElement().satisfies(s -> assertThat(s.getThreadLimit()).isNull());
        assertThat(samples).filteredOn(s -> s.getPid() == 1002).singleElement().satisfies(s -> assertThat(s.getThreadLimit()).isEqualTo(512L));
        assertThat(sampler.errors().permissionDenied(ProcFile.THREADS_MAX)).isEqualTo(1);
    }

    @Test
    void readsThreadsMaxOncePerTickAndEachCgroupsPidsMaxOnce() throws Exception {
        final CountingProcFiles files = new CountingProcFiles();
        final ProcessSampler sampler = new ProcessSampler(settings.withStaticRefresh(Duration.ZERO), files, PAGE, System::nanoTime);

        sampler.sample(TICK);
        sampler.sample(TICK.plusSeconds(5));

        assertThat(files.reads("threads-max")).isEqualTo(2);
        // per tick: the v1 root that four processes share (1 file), 1002's cgroup up to the root (3),
        // 1003's v2 leaf up to the root (4); files that are not there count as reads too
        assertThat(files.reads("pids.max")).isEqualTo(2 * (1 + 3 + 4));
    }

    @Test
    void skipsVanishedProcessesSilentlyAndCountsThem() throws Exception {
        final ProcessSampler sampler = sampler(settings);

        final List<ProcessSample> samples = sampler.sample(TICK);

        // 4242 has a stat but nothing else any more; 4243 is an empty directory
        assertThat(samples).extracting(ProcessSample::getPid).doesNotContain(4242, 4243);
        assertThat(sampler.errors().vanished()).isEqualTo(2);
        assertThat(sampler.errors().permissionDeniedTotal()).isZero();
        assertThat(sampler.errors().otherIoErrorsTotal()).isZero();
    }

    @Test
    void emitsAProcessWithMalformedFilesWithoutThoseFieldsAndCountsThem() throws Exception {
        final ProcessSampler sampler = sampler(settings);

        final List<ProcessSample> samples = sampler.sample(TICK);

        assertThat(samples).filteredOn(s -> s.getPid() == 1005).singleElement().satisfies(garbled -> {
            assertThat(garbled.getRssBytes()).isNull();
            assertThat(garbled.getFdLimit()).isNull();
            assertThat(garbled.getUid()).isNull();
            assertThat(garbled.getThreads()).as("threads come from stat").isEqualTo(1);
        });
        assertThat(sampler.errors().malformed(ProcFile.STATUS)).isEqualTo(1);
        assertThat(sampler.errors().malformed(ProcFile.STATM)).isEqualTo(1);
        assertThat(sampler.errors().malformed(ProcFile.LIMITS)).isEqualTo(1);
    }

    @Test
    void skipsAProcessWhoseStatDoesNotParseAndCountsIt() throws Exception {
        final ProcessSampler sampler = sampler(settings);

        assertThat(sampler.sample(TICK)).extracting(ProcessSample::getPid).doesNotContain(1006);
        assertThat(sampler.errors().malformed(ProcFile.STAT)).isEqualTo(1);
    }

    @Test
    void stillEmitsAProcessWhoseFdDirectoryIsDeniedAndCountsThePermissionError() throws Exception {
        final ProcessSampler sampler = sampler(settings, new FailingProcFiles().deny(PROC.resolve("1000/fd")).deny(PROC.resolve("1002/limits")));

        final List<ProcessSample> samples = sampler.sample(TICK);

        assertThat(samples).filteredOn(s -> s.getPid() == 1000).singleElement().satisfies(denied -> {
            assertThat(denied.getFdCount()).isNull();
            assertThat(denied.getTcp()).as("sockets are unknown without the descriptors").isNull();
            assertThat(denied.getRssBytes()).isEqualTo(441L * PAGE);
            assertThat(denied.getFdLimit()).isEqualTo(20000L);
        });
        assertThat(samples).filteredOn(s -> s.getPid() == 1002).singleElement().satisfies(denied -> {
            assertThat(denied.getFdLimit()).isNull();
            assertThat(denied.getFdCount()).isEqualTo(8);
        });
        assertThat(samples).hasSize(6);
        assertThat(sampler.errors().permissionDenied(ProcFile.FD)).isEqualTo(1);
        assertThat(sampler.errors().permissionDenied(ProcFile.LIMITS)).isEqualTo(1);
        assertThat(sampler.errors().permissionDeniedTotal()).isEqualTo(2);
    }

    @Test
    void keepsTheFdCountButNotTheSocketsWhenOnlyTheLinksAreDenied() throws Exception {
        final ProcessSampler sampler = sampler(settings, new FailingProcFiles().deny(PROC.resolve("1000/fd/0")));

        assertThat(sampler.sample(TICK)).filteredOn(s -> s.getPid() == 1000).singleElement().satisfies(partly -> {
            assertThat(partly.getFdCount()).isEqualTo(5);
            assertThat(partly.getTcp()).isNull();
        });
        assertThat(sampler.errors().permissionDenied(ProcFile.FD_LINK)).isEqualTo(1);
    }

    @Test
    void fallsBackToHostMemoryWhenTheCgroupLimitIsDenied() throws Exception {
        final Path limitFile = CGROUP.resolve("memory/kubepods/pod-a/c1/memory.limit_in_bytes");
        final ProcessSampler sampler = sampler(settings, new FailingProcFiles().deny(limitFile));

        final List<ProcessSample> samples = sampler.sample(TICK);

        assertThat(samples).filteredOn(s -> s.getPid() == 1000).singleElement()
                .satisfies(s -> assertThat(s.getMemoryLimitBytes()).isEqualTo(HOST_A_MEM_TOTAL_BYTES));
        assertThat(sampler.errors().permissionDenied(ProcFile.CGROUP_MEMORY_LIMIT)).isEqualTo(1);
    }

    @Test
    void treatsAnIoErrorAsVanishedWhenThePidDirectoryIsGone() throws Exception {
        final ProcessSampler sampler = sampler(settings,
                new FailingProcFiles().failWithNoSuchProcess(PROC.resolve("1000/limits")).reportGone(PROC.resolve("1000")));

        assertThat(sampler.sample(TICK)).extracting(ProcessSample::getPid).doesNotContain(1000);
        assertThat(sampler.errors().vanished()).isEqualTo(3);
        assertThat(sampler.errors().otherIoErrorsTotal()).isZero();
    }

    @Test
    void countsAnIoErrorOfALiveProcessAndStillEmitsIt() throws Exception {
        final ProcessSampler sampler = sampler(settings, new FailingProcFiles().failWithNoSuchProcess(PROC.resolve("1000/limits")));

        assertThat(sampler.sample(TICK)).filteredOn(s -> s.getPid() == 1000).singleElement()
                .satisfies(s -> assertThat(s.getFdLimit()).isNull());
        assertThat(sampler.errors().otherIoErrors(ProcFile.LIMITS)).isEqualTo(1);
        assertThat(sampler.errors().vanished()).isEqualTo(2);
    }

    @Test
    void skipsKernelThreadsByDefaultAndKeepsThemWhenAsked() throws Exception {
        final ProcessSampler skipping = sampler(settings);
        final ProcessSampler keeping = sampler(settings.withSkipKernelThreads(false));

        assertThat(skipping.sample(TICK)).extracting(ProcessSample::getPid).doesNotContain(14);
        assertThat(skipping.errors().kernelThreadsSkipped()).isEqualTo(1);
        assertThat(keeping.sample(TICK)).filteredOn(s -> s.getPid() == 14).singleElement()
                .usingRecursiveComparison().ignoringFields("rss_anon_bytes").isEqualTo(
                expected(14, 19, "ksoftirqd/0").setCmdline(null).setUid(0).setRssBytes(0L)
                        .setMemoryLimitBytes(HOST_A_MEM_TOTAL_BYTES).setFdCount(0).setFdLimit(1024L).setThreads(1).setThreadLimit(THREADS_MAX).build());
    }

    @Test
    void failsTheTickOnlyWhenTheProcRootCannotBeListed() {
        final ProcessSampler sampler = sampler(settings.withProcRoot(PROC.resolve("no-such-proc")).withHostName("h"));

        assertThatThrownBy(() -> sampler.sample(TICK)).isInstanceOf(IOException.class);
    }

    @Test
    void takesTheHostNameFromTheProcRootUnlessOverridden() throws Exception {
        assertThat(sampler(settings).sample(TICK)).allSatisfy(s -> assertThat(s.getHost()).isEqualTo("fixture-host-a"));
        assertThat(sampler(settings.withHostName("web-17")).sample(TICK)).allSatisfy(s -> assertThat(s.getHost()).isEqualTo("web-17"));
    }

    @Test
    void appliesTheSelectionAndReportsWhatItLeftOut() throws Exception {
        final ProcessSampler sampler = sampler(settings.withSelection(ProcessSelection.all()
                .withExcludeComm(List.of("^garbled$")).withMaxProcesses(3).withAlwaysInclude(List.of("^capped$"))));

        final SamplerTick tick = sampler.tick(TICK);

        // 1002 (200 MiB), 1001 (51 MiB) and 1004 (4 MiB) are the largest; capped is always in, on top of the cap
        assertThat(tick.samples()).extracting(ProcessSample::getPid).containsExactly(1001, 1002, 1003, 1004);
        assertThat(tick.filtered()).isEqualTo(1);
        assertThat(tick.capped()).isEqualTo(1);
        assertThat(tick.processes()).isEqualTo(10);
    }

    @Test
    void cutsCommandLinesToTheConfiguredLength() throws Exception {
        assertThat(sampler(settings.withCmdlineMaxChars(8)).sample(TICK)).filteredOn(s -> s.getPid() == 1000).singleElement()
                .satisfies(s -> assertThat(s.getCmdline()).isEqualTo("/usr/bin"));
    }

    @Test
    void readsStaticFactsAgainOnlyWhenTheRefreshIsDue() throws Exception {
        final AtomicLong now = new AtomicLong();
        final CountingProcFiles files = new CountingProcFiles();
        final ProcessSampler sampler = new ProcessSampler(settings.withStaticRefresh(Duration.ofSeconds(60)), files, PAGE, now::get);

        sampler.sample(TICK);
        final int limitsReadsAfterFirstTick = files.reads("limits");
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        sampler.sample(TICK.plusSeconds(5));
        final int limitsReadsAfterSecondTick = files.reads("limits");
        now.addAndGet(Duration.ofSeconds(80).toNanos());
        sampler.sample(TICK.plusSeconds(85));

        assertThat(limitsReadsAfterFirstTick).isEqualTo(6);
        assertThat(limitsReadsAfterSecondTick).as("limits are static facts").isEqualTo(6);
        assertThat(files.reads("limits")).as("read again after the refresh period").isEqualTo(12);
        assertThat(files.reads("statm")).as("memory is read every tick").isEqualTo(3 * 6);
    }

    @Test
    void joinsSocketInodesWithTheTablesOfEachNetworkNamespaceAsSsSawThem() throws Exception {
        final Path procB = Fixtures.path(Fixtures.HOST_B);
        final ProcessSampler sampler = sampler(AgentSettings.defaults().withProcRoot(procB).withCgroupRoot(CGROUP));

        final SamplerTick tick = sampler.tick(TICK);

        final Map<Integer, Map<String, Integer>> ss = ssStatesByPid(procB.resolve("evidence-ss-tanp.txt"), procB.resolve("evidence-ss-tanp-netns.txt"));
        assertThat(tick.samples()).extracting(ProcessSample::getPid).containsExactly(HOST_B_SERVER, HOST_B_CLIENT, HOST_B_NETNS);
        for (ProcessSample sample : tick.samples()) {
            assertThat(states(sample.getTcp())).as("TCP states of pid %d", sample.getPid()).isEqualTo(ss.get(sample.getPid()));
            assertThat(sample.getFdCount()).as("fds of pid %d", sample.getPid()).isEqualTo(fdCountFromEvidence(procB, sample.getPid()));
        }
        assertThat(states(tick.samples().get(0).getTcp())).containsEntry("listen", 3).containsEntry("established", 3).containsEntry("close_wait", 1);
        assertThat(tick.networkNamespaces()).isEqualTo(2);
        assertThat(tick.hostTcpTimeWait()).isEqualTo(Files.readAllLines(procB.resolve("evidence-ss-time-wait.txt")).size() - 1);
        assertThat(tick.hostUdpSockets()).isPositive();
        assertThat(tick.hostUnixSockets()).isPositive();
        assertThat(sampler.errors().malformedTotal()).isZero();
    }

    @Test
    void takesTheVersionFromTheEnvironmentTheProcessStartedWith() throws Exception {
        final Path procB = Fixtures.path(Fixtures.HOST_B);
        final AgentSettings onHostB = AgentSettings.defaults().withProcRoot(procB).withCgroupRoot(CGROUP);

        final List<ProcessSample> samples = sampler(onHostB.withServiceRules(
                ServiceRules.defaults().withService(List.of("env:SERVICE_NAME", "cmdline:/(?<service>[a-z]+)\\.py")))).sample(TICK);

        assertThat(samples).extracting(ProcessSample::getService).containsExactly("server", "client", "netns");
        assertThat(samples).filteredOn(s -> s.getPid() == HOST_B_SERVER).singleElement()
                .satisfies(s -> assertThat(s.getVersion()).isEqualTo("2.3.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "tcp6"})
    void leavesTheSocketsUnknownWhenTheNamespacesTablesCannotBeRead(String table) throws Exception {
        final Path procB = Fixtures.path(Fixtures.HOST_B);
        final FailingProcFiles files = new FailingProcFiles().deny(procB.resolve(HOST_B_NETNS + "/net/" + table));
        final ProcessSampler sampler = sampler(AgentSettings.defaults().withProcRoot(procB).withCgroupRoot(CGROUP), files);

        final List<ProcessSample> samples = sampler.sample(TICK);

        if (table.equals("tcp")) {
            assertThat(samples).filteredOn(s -> s.getPid() == HOST_B_NETNS).singleElement().satisfies(s -> assertThat(s.getTcp()).isNull());
        } else {
            // without tcp6 the namespace's IPv4 table still answers for its IPv4 sockets
            assertThat(samples).filteredOn(s -> s.getPid() == HOST_B_NETNS).singleElement()
                    .satisfies(s -> assertThat(s.getTcp().getEstablished()).isEqualTo(2));
        }
        assertThat(samples).filteredOn(s -> s.getPid() == HOST_B_SERVER).singleElement()
                .satisfies(s -> assertThat(s.getTcp().getCloseWait()).isEqualTo(1));
        assertThat(sampler.errors().permissionDenied(ProcFile.NET_TCP)).isEqualTo(1);
    }

    private static ProcessSampler sampler(AgentSettings settings) {
        return sampler(settings, ProcFiles.system());
    }

    private static ProcessSampler sampler(AgentSettings settings, ProcFiles files) {
        return new ProcessSampler(settings, files, PAGE, System::nanoTime);
    }

    private static ProcessSample.Builder expected(int pid, long startTicks, String comm) {
        return ProcessSample.newBuilder()
                .setHost("fixture-host-a")
                .setPid(pid)
                .setStartTime(Instant.ofEpochMilli(HOST_A_BOOT_TIME_SECONDS * 1000 + startTicks * 10))
                .setTimestamp(TICK)
                .setComm(comm)
                .setTcp(NO_SOCKETS)
                .setHostTcpTimeWait(0);
    }

    static Map<String, Integer> states(TcpStateCounts tcp) {
        final Map<String, Integer> states = new HashMap<>();
        for (org.apache.avro.Schema.Field field : TcpStateCounts.getClassSchema().getFields()) {
            final int count = (Integer) tcp.get(field.pos());
            if (count > 0) {
                states.put(field.name(), count);
            }
        }
        return states;
    }

    /** Per pid, the states ss -tanp printed for sockets the pid holds ("CLOSE-WAIT" is close_wait). */
    static Map<Integer, Map<String, Integer>> ssStatesByPid(Path... evidence) throws IOException {
        final Pattern user = Pattern.compile("pid=(\\d+),");
        final Map<Integer, Map<String, Integer>> byPid = new HashMap<>();
        for (Path file : evidence) {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                final String state = ssState(line.trim().split("\\s+")[0]);
                final Matcher matcher = user.matcher(line);
                final java.util.Set<Integer> pids = new java.util.HashSet<>();
                while (matcher.find()) {
                    pids.add(Integer.parseInt(matcher.group(1)));
                }
                for (int pid : pids) {
                    byPid.computeIfAbsent(pid, p -> new HashMap<>()).merge(state, 1, Integer::sum);
                }
            }
        }
        return byPid;
    }

    static String ssState(String ss) {
        return switch (ss) {
            case "ESTAB" -> "established";
            case "SYN-SENT" -> "syn_sent";
            case "SYN-RECV" -> "syn_recv";
            case "FIN-WAIT-1" -> "fin_wait1";
            case "FIN-WAIT-2" -> "fin_wait2";
            case "TIME-WAIT" -> "time_wait";
            case "UNCONN", "CLOSE" -> "close";
            case "CLOSE-WAIT" -> "close_wait";
            case "LAST-ACK" -> "last_ack";
            case "LISTEN" -> "listen";
            case "CLOSING" -> "closing";
            default -> throw new IllegalArgumentException("an ss state I do not know: " + ss.toLowerCase(Locale.ROOT));
        };
    }

    private static int fdCountFromEvidence(Path procB, int pid) throws IOException {
        for (String line : Files.readAllLines(procB.resolve("evidence-fd-counts.txt"))) {
            final String[] parts = line.trim().split("\\s+");
            if (Integer.parseInt(parts[0]) == pid) {
                return Integer.parseInt(parts[1]);
            }
        }
        throw new AssertionError("no fd count for " + pid + " in the evidence");
    }

    /** Counts reads per file name, over the real file system. */
    private static final class CountingProcFiles implements ProcFiles {
        private final ProcFiles real = ProcFiles.system();
        private final Map<String, Integer> reads = new HashMap<>();

        int reads(String name) {
            return reads.getOrDefault(name, 0);
        }

        private void count(Path file) {
            reads.merge(file.getFileName().toString(), 1, Integer::sum);
        }

        @Override
        public String read(Path file) throws IOException {
            count(file);
            return real.read(file);
        }

        @Override
        public String readSingleShot(Path file) throws IOException {
            count(file);
            return real.readSingleShot(file);
        }

        @Override
        public String readPrefix(Path file, int maxBytes) throws IOException {
            count(file);
            return real.readPrefix(file, maxBytes);
        }

        @Override
        public byte[] readRange(Path file, long offset, int length) throws IOException {
            return real.readRange(file, offset, length);
        }

        @Override
        public java.io.InputStream open(Path file) throws IOException {
            return real.open(file);
        }

        @Override
        public List<String> list(Path directory) throws IOException {
            return real.list(directory);
        }

        @Override
        public String readLink(Path link) throws IOException {
            return real.readLink(link);
        }

        @Override
        public java.nio.file.attribute.BasicFileAttributes attributes(Path path) throws IOException {
            return real.attributes(path);
        }

        @Override
        public boolean exists(Path path) {
            return real.exists(path);
        }
    }
}
