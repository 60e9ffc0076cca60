package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leakwatch.agent.procfs.PageSize;
import dev.leakwatch.schema.ProcessSample;

/**
 * The socket cache against real processes that change their sockets without changing their
 * descriptor count, in a network namespace of their own so that no other process's sockets come
 * and go in their tables (root, unshare and nsenter needed).
 */
class SocketCacheRealProcTest {
    private static final Duration SOCKET_REFRESH = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong();
    private final CountingProcFiles files = new CountingProcFiles();
    private LeakyChild client;
    private LeakyChild server;
    private ProcessSampler sampler;

    @BeforeEach
    void startChildrenInTheirOwnNetworkNamespace() throws Exception {
        assumeThat(System.getProperty("user.name")).as("unshare --net needs root").isEqualTo("root");
        client = LeakyChild.startInNewNetworkNamespace();
        server = LeakyChild.startInNetworkNamespaceOf(client);
        client.tell("fds 3");
        sampler = new ProcessSampler(AgentSettings.defaults().withSocketRefresh(SOCKET_REFRESH), files, PageSize.detect(files), nanos::get);
    }

    @AfterEach
    void stopChildren() {
        if (sampler != null) {
            sampler.close();
        }
        for (LeakyChild child : new LeakyChild[] {client, server}) {
            if (child != null) {
                child.close();
            }
        }
    }

    @Test
    void countsASocketThatTookAClosedFilesPlaceAtTheVeryNextTick() throws Exception {
        tick();
        final int linksBefore = files.linksRead(client.pid());
        final ProcessSample idle = tick();
        assertThat(files.linksRead(client.pid())).as("an idle process's links are not read again").isEqualTo(linksBefore);

        client.tell("swap_file_for_socket " + server.port());
        final ProcessSample swapped = tick();

        assertThat(swapped.getFdCount()).as("the descriptor count stayed").isEqualTo(idle.getFdCount());
        assertThat(swapped.getTcp().getEstablished()).isEqualTo(idle.getTcp().getEstablished() + 1);
        assertThat(ProcessSamplerFixtureTest.states(swapped.getTcp()))
                .isEqualTo(SystemTools.ssTcpStatesByPidInNamespaceOf(client.pid()).getOrDefault(client.pid(), Map.of()));
    }

    /**
     * The case the cache cannot see (see SocketCache): the client gives up a socket that a process
     * it forked still holds, and opens a file instead. Its count stays, the socket stays in the
     * tables, held by a sampled process, so nothing says the client changed until its links are
     * due again; the bound is the socket refresh period (plus its spread of a quarter).
     */
    @Test
    void seesASocketGivenUpToAnotherHolderAtTheLatestAfterTheSocketRefresh() throws Exception {
        client.tell("fork_sharing " + server.port());
        final ProcessSample sharing = tick();
        assertThat(sharing.getTcp().getEstablished()).isEqualTo(1);

        client.tell("drop_shared_for_file");
        final ProcessSample unseen = tick();
        assertThat(unseen.getFdCount()).isEqualTo(sharing.getFdCount());
        assertThat(unseen.getTcp().getEstablished()).as("not seen before the refresh: the documented limit").isEqualTo(1);

        nanos.addAndGet(SOCKET_REFRESH.toNanos() + SOCKET_REFRESH.toNanos() / 4 + 1);
        final ProcessSample refreshed = tick();
        assertThat(refreshed.getTcp().getEstablished()).isZero();
        assertThat(ProcessSamplerFixtureTest.states(refreshed.getTcp()))
                .isEqualTo(SystemTools.ssTcpStatesByPidInNamespaceOf(client.pid()).getOrDefault(client.pid(), Map.of()));
    }

    /**
     * The namespace has no IPv6 socket, so sockstat6 spares reading tcp6 (a walk of the whole TCP hash
     * table); once the client has IPv6 sockets, tcp6 is read again and its sockets are counted as ss
     * counts them, at the very tick they appear.
     */
    @Test
    void readsTheIpv6TableOfANamespaceOnlyWhileItHasIpv6Sockets() throws Exception {
        tick();
        final int tcp6Reads = files.tablesOpened("tcp6", client.pid(), server.pid());
        final ProcessSample ipv4Only = tick();
        assertThat(files.tablesOpened("tcp6", client.pid(), server.pid())).as("no IPv6 socket, no tcp6 read").isEqualTo(tcp6Reads);
        assertThat(files.tablesOpened("tcp", client.pid(), server.pid())).as("tcp is read every tick").isGreaterThanOrEqualTo(2);

        client.tell("connect6 2");
        final ProcessSample withIpv6 = tick();

        assertThat(files.tablesOpened("tcp6", client.pid(), server.pid())).isEqualTo(tcp6Reads + 1);
        assertThat(withIpv6.getTcp().getEstablished()).isEqualTo(ipv4Only.getTcp().getEstablished() + 4);
        assertThat(withIpv6.getTcp().getListen()).isEqualTo(ipv4Only.getTcp().getListen() + 1);
        assertThat(ProcessSamplerFixtureTest.states(withIpv6.getTcp()))
                .isEqualTo(SystemTools.ssTcpStatesByPidInNamespaceOf(client.pid()).getOrDefault(client.pid(), Map.of()));
    }

    /** One tick, five seconds after the previous one; the client's sample. */
    private ProcessSample tick() throws IOException {
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        final List<ProcessSample> samples = sampler.sample(Instant.now());
        return samples.stream().filter(s -> s.getPid() == client.pid()).findFirst().orElseThrow();
    }
}
