package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
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

    private final AtomicLong nanos = new AtomicLong();
    private final CountingProcFiles files = new CountingProcFiles();
    private final ProcessSampler sampler = new ProcessSampler(AgentSettings.defaults(), files, PageSize.detect(files), nanos::get);
    private Process sleeper;

    @AfterEach
    void stop() throws InterruptedException {
        sampler.close();
        if (sleeper != null) {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsItsOwnLinksAgainForItsOwnNewSocketsButNotForTheFilesItHolds() throws Exception {
        tick();
        final ProcessSample before = tick();
        final int linksBefore = files.linksRead(SELF);

        // a new process: the sampler holds its stat, statm and fd/, three more descriptors of its own
        sleeper = new ProcessBuilder("sleep", "60").redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final ProcessSample holdingMore = tick();

        assertThat(holdingMore.getFdCount()).as("the files held for the new process count").isGreaterThan(before.getFdCount());
        assertThat(files.linksRead(SELF)).as("its own links are not read again for them").isEqualTo(linksBefore);
        assertThat(holdingMore.getTcp()).isEqualTo(before.getTcp());

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
