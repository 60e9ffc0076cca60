package dev.leakwatch.agent;

import static dev.leakwatch.agent.procfs.Fixtures.HOST_A_BOOT_TIME_SECONDS;
import static dev.leakwatch.agent.procfs.Fixtures.HOST_A_MEM_TOTAL_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leakwatch.agent.procfs.Fixtures;
import dev.leakwatch.schema.ProcessSample;

class ProcessSamplerFixtureTest {
    private static final Instant TICK = Instant.parse("2026-11-25T14:00:00.123Z");
    private static final Path PROC = Fixtures.path(Fixtures.HOST_A);
    private static final Path CGROUP = Fixtures.path(Fixtures.CGROUP_A);
    private static final long MIB = 1024L * 1024;

    private final AgentSettings settings = AgentSettings.defaults().withProcRoot(PROC).withCgroupRoot(CGROUP);

    @Test
    void samplesEveryUserProcessOfTheFixtureTree() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(settings);

        final List<ProcessSample> samples = sampler.sample(TICK);

        assertThat(samples).containsExactly(
                expected(1000, 45628, "chat_server").setCmdline("/usr/bin/chat_server --port 8080").setUid(0)
                        .setRssBytes(1764 * 1024L).setMemoryLimitBytes(512 * MIB).setFdCount(5).setFdLimit(20000L).setThreads(1).build(),
                expected(1001, 50000, "(a b ) ( c d)").setCmdline("python3 odd.py").setUid(1001)
                        .setRssBytes(52428 * 1024L).setMemoryLimitBytes(256 * MIB).setFdCount(3).setFdLimit(null).setThreads(7).build(),
                expected(1002, 60000, "worker").setCmdline("/opt/worker/bin/worker -c /etc/worker.conf").setUid(33)
                        .setRssBytes(200 * MIB).setMemoryLimitBytes(HOST_A_MEM_TOTAL_BYTES).setFdCount(8).setFdLimit(1024L).setThreads(3).build(),
                expected(1003, 70000, "capped").setCmdline("capped").setUid(0)
                        .setRssBytes(10 * MIB).setMemoryLimitBytes(1024 * MIB).setFdCount(3).setFdLimit(20000L).setThreads(2).build(),
                expected(1004, 80000, "containerized").setCmdline("nginx: master process").setUid(0)
                        .setRssBytes(4 * MIB).setMemoryLimitBytes(HOST_A_MEM_TOTAL_BYTES).setFdCount(2).setFdLimit(20000L).setThreads(4).build(),
                expected(1005, 90000, "garbled").setCmdline("garbled").setUid(null)
                        .setRssBytes(null).setMemoryLimitBytes(HOST_A_MEM_TOTAL_BYTES).setFdCount(1).setFdLimit(null).setThreads(1).build());
    }

    @Test
    void skipsVanishedProcessesSilentlyAndCountsThem() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(settings);

        final List<ProcessSample> samples = sampler.sample(TICK);

        // 4242 has a stat but no status any more; 4243 is an empty directory
        assertThat(samples).extracting(ProcessSample::getPid).doesNotContain(4242, 4243);
        assertThat(sampler.errors().vanished()).isEqualTo(2);
        assertThat(sampler.errors().permissionDeniedTotal()).isZero();
        assertThat(sampler.errors().otherIoErrorsTotal()).isZero();
    }

    @Test
    void emitsAProcessWithMalformedFilesWithoutThoseFieldsAndCountsThem() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(settings);

        final List<ProcessSample> samples = sampler.sample(TICK);

        assertThat(samples).filteredOn(s -> s.getPid() == 1005).singleElement().satisfies(garbled -> {
            assertThat(garbled.getRssBytes()).isNull();
            assertThat(garbled.getFdLimit()).isNull();
            assertThat(garbled.getThreads()).as("threads from stat when status is unusable").isEqualTo(1);
        });
        assertThat(sampler.errors().malformed(ProcFile.STATUS)).isEqualTo(1);
        assertThat(sampler.errors().malformed(ProcFile.LIMITS)).isEqualTo(1);
    }

    @Test
    void skipsAProcessWhoseStatDoesNotParseAndCountsIt() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(settings);

        assertThat(sampler.sample(TICK)).extracting(ProcessSample::getPid).doesNotContain(1006);
        assertThat(sampler.errors().malformed(ProcFile.STAT)).isEqualTo(1);
    }

    @Test
    void stillEmitsAProcessWhoseFdDirectoryIsDeniedAndCountsThePermissionError() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(settings, new FailingProcFiles().deny(PROC.resolve("1000/fd")).deny(PROC.resolve("1002/limits")));

        final List<ProcessSample> samples = sampler.sample(TICK);

        assertThat(samples).filteredOn(s -> s.getPid() == 1000).singleElement().satisfies(denied -> {
            assertThat(denied.getFdCount()).isNull();
            assertThat(denied.getRssBytes()).isEqualTo(1764 * 1024L);
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
    void fallsBackToHostMemoryWhenTheCgroupLimitIsDenied() throws Exception {
        final Path limitFile = CGROUP.resolve("memory/kubepods/pod-a/c1/memory.limit_in_bytes");
        final ProcessSampler sampler = new ProcessSampler(settings, new FailingProcFiles().deny(limitFile));

        final List<ProcessSample> samples = sampler.sample(TICK);

        assertThat(samples).filteredOn(s -> s.getPid() == 1000).singleElement()
                .satisfies(s -> assertThat(s.getMemoryLimitBytes()).isEqualTo(HOST_A_MEM_TOTAL_BYTES));
        assertThat(sampler.errors().permissionDenied(ProcFile.CGROUP_MEMORY_LIMIT)).isEqualTo(1);
    }

    @Test
    void treatsAnIoErrorAsVanishedWhenThePidDirectoryIsGone() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(settings,
                new FailingProcFiles().failWithNoSuchProcess(PROC.resolve("1000/limits")).reportGone(PROC.resolve("1000")));

        assertThat(sampler.sample(TICK)).extracting(ProcessSample::getPid).doesNotContain(1000);
        assertThat(sampler.errors().vanished()).isEqualTo(3);
        assertThat(sampler.errors().otherIoErrorsTotal()).isZero();
    }

    @Test
    void countsAnIoErrorOfALiveProcessAndStillEmitsIt() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(settings, new FailingProcFiles().failWithNoSuchProcess(PROC.resolve("1000/limits")));

        assertThat(sampler.sample(TICK)).filteredOn(s -> s.getPid() == 1000).singleElement()
                .satisfies(s -> assertThat(s.getFdLimit()).isNull());
        assertThat(sampler.errors().otherIoErrors(ProcFile.LIMITS)).isEqualTo(1);
        assertThat(sampler.errors().vanished()).isEqualTo(2);
    }

    @Test
    void skipsKernelThreadsByDefaultAndKeepsThemWhenAsked() throws Exception {
        final ProcessSampler skipping = new ProcessSampler(settings);
        final ProcessSampler keeping = new ProcessSampler(settings.withSkipKernelThreads(false));

        assertThat(skipping.sample(TICK)).extracting(ProcessSample::getPid).doesNotContain(14);
        assertThat(skipping.errors().kernelThreadsSkipped()).isEqualTo(1);
        assertThat(keeping.sample(TICK)).filteredOn(s -> s.getPid() == 14).singleElement().isEqualTo(
                expected(14, 19, "ksoftirqd/0").setCmdline(null).setUid(0).setRssBytes(null)
                        .setMemoryLimitBytes(HOST_A_MEM_TOTAL_BYTES).setFdCount(0).setFdLimit(1024L).setThreads(1).build());
    }

    @Test
    void failsTheTickOnlyWhenTheProcRootCannotBeListed() {
        final ProcessSampler sampler = new ProcessSampler(settings.withProcRoot(PROC.resolve("no-such-proc")).withHostName("h"));

        assertThatThrownBy(() -> sampler.sample(TICK)).isInstanceOf(IOException.class);
    }

    @Test
    void takesTheHostNameFromTheProcRootUnlessOverridden() throws Exception {
        assertThat(new ProcessSampler(settings).sample(TICK)).allSatisfy(s -> assertThat(s.getHost()).isEqualTo("fixture-host-a"));
        assertThat(new ProcessSampler(settings.withHostName("web-17")).sample(TICK)).allSatisfy(s -> assertThat(s.getHost()).isEqualTo("web-17"));
    }

    private static ProcessSample.Builder expected(int pid, long startTicks, String comm) {
        return ProcessSample.newBuilder()
                .setHost("fixture-host-a")
                .setPid(pid)
                .setStartTime(Instant.ofEpochMilli(HOST_A_BOOT_TIME_SECONDS * 1000 + startTicks * 10))
                .setTimestamp(TICK)
                .setComm(comm);
    }
}
