package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.leakwatch.schema.ProcessSample;

/**
 * The agent's numbers against the system's own tools, on real child processes that leak: at one
 * instant, fds must equal {@code ls /proc/PID/fd}, TCP states must equal {@code ss -tanp}, threads
 * must equal {@code ps -o nlwp}, RSS must be within 1% of {@code ps -o rss}, and the thread limit
 * must be what {@code cat} of threads-max and pids.max and {@code prlimit --nproc} say. Then every
 * child leaks more and the comparison is made again. Two samplers are compared: one that reuses
 * what it may between ticks (held files, sockets of unchanged processes), as the agent runs, and one
 * that reads everything every tick; both must be exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccuracyAgainstSystemToolsTest {
    private LeakyChild fdLeak;
    private LeakyChild closeWaitPile;
    private LeakyChild silentClient;
    private LeakyChild silentPeer;
    private LeakyChild threadLeak;
    private LeakyChild memoryGrowth;
    private List<LeakyChild> children;
    private ProcessSampler cached;
    private ProcessSampler fresh;
    private Path pidsCgroup;

    @BeforeAll
    void startChildren() throws Exception {
        fdLeak = LeakyChild.start();
        closeWaitPile = LeakyChild.start();
        silentClient = LeakyChild.start();
        silentPeer = LeakyChild.start();
        threadLeak = LeakyChild.start();
        memoryGrowth = LeakyChild.start();
        children = List.of(fdLeak, closeWaitPile, silentClient, silentPeer, threadLeak, memoryGrowth);
        cached = new ProcessSampler(AgentSettings.defaults());
        fresh = new ProcessSampler(AgentSettings.defaults().withStaticRefresh(Duration.ZERO).withSocketRefresh(Duration.ZERO));
        pidsCgroup = capTasksInAPidsCgroup(threadLeak, 77);
    }

    /** On a host with a writable cgroup v1 pids hierarchy, moves the child into a new cgroup with that pids.max; else null. */
    private static Path capTasksInAPidsCgroup(LeakyChild child, int max) throws Exception {
        final Path hierarchy = Path.of("/sys/fs/cgroup/pids");
        if (!Files.isWritable(hierarchy)) {
            return null;
        }
        final Path cgroup = hierarchy.resolve("leakwatch-accuracy-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(cgroup);
            Files.writeString(cgroup.resolve("pids.max"), Integer.toString(max));
            Files.writeString(cgroup.resolve("cgroup.procs"), Integer.toString(child.pid()));
            return cgroup;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @AfterAll
    void stopChildren() throws Exception {
        for (LeakyChild child : children) {
            child.close();
        }
        cached.close();
        fresh.close();
        if (pidsCgroup != null) {
            Files.delete(pidsCgroup);
        }
    }

    @Test
    void countsWhatSsLsAndPsCountAsTheChildrenLeak() {
        fdLeak.tell("fds 25");
        closeWaitPile.tell("close_wait 7");
        silentClient.tell("connect " + silentPeer.port() + " 9");
        silentPeer.tell("accept 9");
        threadLeak.tell("threads 6");
        memoryGrowth.tell("grow 40");

        final Map<Integer, ProcessSample> before = agreesWithTheSystemTools();
        if (pidsCgroup != null) {
            assertThat(before.get(threadLeak.pid()).getThreadLimit()).as("pids.max of its cgroup").isEqualTo(77L);
        }
        assertThat(before.get(closeWaitPile.pid()).getTcp().getCloseWait()).isEqualTo(7);
        assertThat(before.get(silentClient.pid()).getTcp().getEstablished()).isEqualTo(9);
        assertThat(before.get(silentPeer.pid()).getTcp().getEstablished()).isEqualTo(9);

        fdLeak.tell("fds 40");
        closeWaitPile.tell("close_wait 11");
        silentClient.tell("connect " + silentPeer.port() + " 5");
        silentPeer.tell("accept 5");
        threadLeak.tell("threads 9");
        memoryGrowth.tell("grow 64");

        final Map<Integer, ProcessSample> after = agreesWithTheSystemTools();
        assertThat(after.get(fdLeak.pid()).getFdCount() - before.get(fdLeak.pid()).getFdCount()).isEqualTo(40);
        assertThat(after.get(closeWaitPile.pid()).getTcp().getCloseWait()).isEqualTo(18);
        assertThat(after.get(closeWaitPile.pid()).getFdCount() - before.get(closeWaitPile.pid()).getFdCount())
                .as("every CLOSE_WAIT socket holds a descriptor").isEqualTo(11);
        assertThat(after.get(silentClient.pid()).getTcp().getEstablished()).isEqualTo(14);
        assertThat(after.get(threadLeak.pid()).getThreads() - before.get(threadLeak.pid()).getThreads()).isEqualTo(9);
        assertThat(after.get(memoryGrowth.pid()).getRssBytes() - before.get(memoryGrowth.pid()).getRssBytes())
                .isCloseTo(64L << 20, within(4L << 20));
    }

    /**
     * Samples once and asks the tools right after; the children are idle between commands, but a
     * FIN may still be on its way over loopback, so the comparison is retried until it settles.
     */
    private Map<Integer, ProcessSample> agreesWithTheSystemTools() {
        final Map<Integer, ProcessSample> byPid = new HashMap<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            final List<ProcessSample> fromCache = cached.sample(Instant.now());
            final List<ProcessSample> readAfresh = fresh.sample(Instant.now());
            final Map<Integer, Map<String, Integer>> ss = SystemTools.ssTcpStatesByPid();
            byPid.clear();
            for (LeakyChild child : children) {
                final long[] ps = SystemTools.psRssKibAndThreads(child.pid());
                final int fds = SystemTools.lsFdCount(child.pid());
                for (List<ProcessSample> samples : List.of(fromCache, readAfresh)) {
                    final String sampler = samples == fromCache ? "cached" : "fresh";
                    final ProcessSample sample = samples.stream().filter(s -> s.getPid() == child.pid()).findFirst().orElseThrow();
                    assertThat(sample.getFdCount()).as("fds of %d (%s)", child.pid(), sampler).isEqualTo(fds);
                    assertThat(ProcessSamplerFixtureTest.states(sample.getTcp())).as("TCP states of %d (%s)", child.pid(), sampler)
                            .isEqualTo(ss.getOrDefault(child.pid(), Map.of()));
                    assertThat(sample.getThreads()).as("threads of %d (%s)", child.pid(), sampler).isEqualTo((int) ps[1]);
                    assertThat(sample.getRssBytes()).as("RSS of %d (%s)", child.pid(), sampler).isCloseTo(ps[0] * 1024, within(ps[0] * 1024 / 100));
                    assertThat(sample.getThreadLimit()).as("thread limit of %d (%s)", child.pid(), sampler)
                            .isEqualTo(SystemTools.threadLimitOf(child.pid(), sample.getUid()));
                }
                byPid.put(child.pid(), fromCache.stream().filter(s -> s.getPid() == child.pid()).findFirst().orElseThrow());
            }
        });
        return byPid;
    }
}
