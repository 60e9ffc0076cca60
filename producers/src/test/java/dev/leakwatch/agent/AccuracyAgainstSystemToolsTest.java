package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

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
 * must equal {@code ps -o nlwp}, and RSS must be within 1% of {@code ps -o rss}. Then every child
 * leaks more and the comparison is made again.
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
    private ProcessSampler sampler;

    @BeforeAll
    void startChildren() throws Exception {
        fdLeak = LeakyChild.start();
        closeWaitPile = LeakyChild.start();
        silentClient = LeakyChild.start();
        silentPeer = LeakyChild.start();
        threadLeak = LeakyChild.start();
        memoryGrowth = LeakyChild.start();
        children = List.of(fdLeak, closeWaitPile, silentClient, silentPeer, threadLeak, memoryGrowth);
        sampler = new ProcessSampler(AgentSettings.defaults().withStaticRefresh(Duration.ZERO));
    }

    @AfterAll
    void stopChildren() throws Exception {
        for (LeakyChild child : children) {
            child.close();
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
            final List<ProcessSample> samples = sampler.sample(Instant.now());
            final Map<Integer, Map<String, Integer>> ss = SystemTools.ssTcpStatesByPid();
            byPid.clear();
            for (LeakyChild child : children) {
                final ProcessSample sample = samples.stream().filter(s -> s.getPid() == child.pid()).findFirst().orElseThrow();
                final long[] ps = SystemTools.psRssKibAndThreads(child.pid());
                assertThat(sample.getFdCount()).as("fds of %d", child.pid()).isEqualTo(SystemTools.lsFdCount(child.pid()));
                assertThat(ProcessSamplerFixtureTest.states(sample.getTcp())).as("TCP states of %d", child.pid())
                        .isEqualTo(ss.getOrDefault(child.pid(), Map.of()));
                assertThat(sample.getThreads()).as("threads of %d", child.pid()).isEqualTo((int) ps[1]);
                assertThat(sample.getRssBytes()).as("RSS of %d", child.pid()).isCloseTo(ps[0] * 1024, within(ps[0] * 1024 / 100));
                byPid.put(child.pid(), sample);
            }
        });
        return byPid;
    }
}
