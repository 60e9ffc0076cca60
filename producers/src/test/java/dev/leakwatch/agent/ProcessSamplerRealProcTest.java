package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leakwatch.schema.ProcessSample;

/** The sampler against this machine's own /proc, checked against what ps and the JDK say. */
class ProcessSamplerRealProcTest {
    private Process child;
    private Instant spawnedAfter;
    private Instant spawnedBefore;

    @BeforeEach
    void startChild() throws IOException {
        spawnedAfter = Instant.now();
        child = new ProcessBuilder("sleep", "60").start();
        spawnedBefore = Instant.now();
    }

    @AfterEach
    void stopChild() throws InterruptedException {
        child.destroy();
        child.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void samplesAChildProcessAsPsAndTheKernelSeeIt() throws Exception {
        final ProcessSampler sampler = new ProcessSampler(AgentSettings.defaults());
        final int pid = Math.toIntExact(child.pid());
        awaitExecOf(pid, "sleep");

        final Instant tick = Instant.now();
        final List<ProcessSample> samples = sampler.sample(tick);
        final long psRssBytes = Long.parseLong(ps("rss", pid)) * 1024;
        final int psThreads = Integer.parseInt(ps("nlwp", pid));
        final long fdEntries;
        try (Stream<Path> fds = Files.list(Path.of("/proc", Integer.toString(pid), "fd"))) {
            fdEntries = fds.count();
        }

        assertThat(samples).filteredOn(s -> s.getPid() == pid).singleElement().satisfies(sample -> {
            assertThat(sample.getComm()).isEqualTo("sleep");
            assertThat(sample.getCmdline()).isEqualTo("sleep 60");
            assertThat(sample.getHost()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
            assertThat(sample.getTimestamp()).isEqualTo(tick.truncatedTo(ChronoUnit.MILLIS));
            assertThat(sample.getStartTime()).isBetween(spawnedAfter.minusSeconds(2), spawnedBefore.plusSeconds(2));
            // the JDK reads the same kernel fields; both are exact to a clock tick plus btime's rounding to a second
            assertThat(Duration.between(child.info().startInstant().orElseThrow(), sample.getStartTime()).abs())
                    .isLessThanOrEqualTo(Duration.ofMillis(1010));
            assertThat(sample.getFdCount()).isEqualTo((int) fdEntries);
            assertThat(sample.getThreads()).isEqualTo(psThreads);
            assertThat(sample.getRssBytes()).isCloseTo(psRssBytes, within(psRssBytes / 100));
            assertThat(sample.getUid()).isEqualTo(uidOfThisJvm());
            assertThat(sample.getFdLimit()).isPositive();
            assertThat(sample.getMemoryLimitBytes()).isPositive().isLessThanOrEqualTo(memTotalBytes());
            assertThat(sample.getTcp()).as("sleep holds no sockets, and we know it").isNotNull()
                    .satisfies(tcp -> assertThat(tcp.getEstablished() + tcp.getListen() + tcp.getCloseWait()).isZero());
        });
        assertThat(samples).as("kernel threads are skipped").noneMatch(s -> s.getPid() == 2);
        assertThat(samples).as("this JVM is sampled too").anyMatch(s -> s.getPid() == ProcessHandle.current().pid());
        // even root may be refused the links of pid 1 in a container whose init belongs to another user namespace
        assertThat(sampler.errors().malformedTotal()).isZero();
    }

    /** Right after fork the child still runs this JVM's image; wait until it has become sleep. */
    private static void awaitExecOf(int pid, String comm) {
        final Path commFile = Path.of("/proc", Integer.toString(pid), "comm");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> Files.readString(commFile).strip(), comm::equals);
    }

    private static String ps(String column, int pid) throws Exception {
        final Process ps = new ProcessBuilder("ps", "-o", column + "=", "-p", Integer.toString(pid)).redirectErrorStream(true).start();
        final String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(ps.waitFor()).as("ps -o %s= -p %d: %s", column, pid, out).isZero();
        return out;
    }

    private static int uidOfThisJvm() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no Uid line in /proc/self/status");
    }

    private static long memTotalBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new AssertionError("no MemTotal in /proc/meminfo");
    }
}
