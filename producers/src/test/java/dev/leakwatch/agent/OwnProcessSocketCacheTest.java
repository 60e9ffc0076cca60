package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leakwatch.agent.procfs.PageSize;
import dev.leakwatch.schema.ProcessSample;

/**
 * The agent samples itself too, and holds /proc files of every process open: its own descriptor
 * count moves whenever a process starts or exits anywhere on the host. That alone must not have it
 * read the links of all its held files again; a socket of its own must still be counted at once.
 * This test's JVM plays the agent.
 */
class OwnProcessSocketCacheTest {
    private static final int SELF = Math.toIntExact(ProcessHandle.current().pid());
    /** Tries of the held-files step; each try that sees unrelated socket activity is repeated. */
    private static final int ATTEMPTS = 5;

    private final AtomicLong nanos = new AtomicLong();
    private final CountingProcFiles files = new CountingProcFiles();
    private final ProcessSampler sampler = new ProcessSampler(AgentSettings.defaults(), files, PageSize.detect(files), nanos::get);
    private final List<Process> sleepers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        sampler.close();
        for (Process sleeper : sleepers) {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsItsOwnLinksAgainForItsOwnNewSocketsButNotForTheFilesItHolds() throws Exception {
        tick();
        ProcessSample before = tick();
        int linksBefore = files.linksRead(SELF);

        // A new process: the sampler holds its stat, statm and fd/, three more descriptors of its own.
        // The host is shared (a CI machine runs other jobs, this JVM ran other tests whose threads may
        // still close a socket), and a socket anyone else opens or this JVM closes in between rightly
        // has the links read again; so a few tries are allowed, and one must read none of them.
        final List<Integer> linksReadPerTry = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            sleepers.add(new ProcessBuilder("sleep", "60").redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            final ProcessSample holdingMore = tick();
            final int linksRead = files.linksRead(SELF) - linksBefore;
            linksReadPerTry.add(linksRead);
            if (linksRead == 0) {
                assertThat(holdingMore.getFdCount()).as("the files held for the new process count").isGreaterThan(before.getFdCount());
                assertThat(holdingMore.getTcp()).isEqualTo(before.getTcp());
                break;
            }
            before = holdingMore;
            linksBefore = files.linksRead(SELF);
        }
        assertThat(linksReadPerTry).as("own links read again, per try, for the files held for a new process").contains(0);

        try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            final ProcessSample withSockets = tick();

            assertThat(files.linksRead(SELF)).isGreaterThan(linksBefore);
            assertThat(withSockets.getTcp().getListen()).isEqualTo(before.getTcp().getListen() + 1);
            assertThat(withSockets.getTcp().getEstablished()).isEqualTo(before.getTcp().getEstablished() + 2);
            assertThat(ProcessSamplerFixtureTest.states(withSockets.getTcp()))
                    .isEqualTo(SystemTools.ssTcpStatesByPid().getOrDefault(SELF, Map.of()));
        }
    }

    /** One tick, five seconds after the previous one; this JVM's sample. */
    private ProcessSample tick() throws IOException {
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        return sampler.sample(Instant.now()).stream().filter(s -> s.getPid() == SELF).findFirst().orElseThrow();
    }
}
