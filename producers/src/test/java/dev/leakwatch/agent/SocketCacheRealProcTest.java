package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leakwatch.agent.procfs.PageSize;
import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.agent.procfs.RereadableFile;
import dev.leakwatch.schema.ProcessSample;

/**
 * The socket cache against real processes that change their sockets without changing their
 * descriptor count, in a network namespace of their own so that no other process's sockets come
 * and go in their tables (root, unshare and nsenter needed).
 */
class SocketCacheRealProcTest {
    private static final Duration SOCKET_REFRESH = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong();
    private final LinkCountingProcFiles files = new LinkCountingProcFiles();
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

    /** One tick, five seconds after the previous one; the client's sample. */
    private ProcessSample tick() throws IOException {
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        final List<ProcessSample> samples = sampler.sample(Instant.now());
        return samples.stream().filter(s -> s.getPid() == client.pid()).findFirst().orElseThrow();
    }

    /** The real file system, counting the links read under each pid's fd/. */
    private static final class LinkCountingProcFiles implements ProcFiles {
        private final ProcFiles real = ProcFiles.system();
        private final Map<Integer, AtomicInteger> links = new java.util.concurrent.ConcurrentHashMap<>();

        int linksRead(int pid) {
            return links.getOrDefault(pid, new AtomicInteger()).get();
        }

        @Override
        public String readLink(Path link) throws IOException {
            if (link.getParent() != null && link.getParent().getFileName().toString().equals("fd")) {
                final int pid = Integer.parseInt(link.getParent().getParent().getFileName().toString());
                links.computeIfAbsent(pid, p -> new AtomicInteger()).incrementAndGet();
            }
            return real.readLink(link);
        }

        @Override
        public String read(Path file) throws IOException {
            return real.read(file);
        }

        @Override
        public String readSingleShot(Path file) throws IOException {
            return real.readSingleShot(file);
        }

        @Override
        public RereadableFile openRereadable(Path file) throws IOException {
            return real.openRereadable(file);
        }

        @Override
        public long size(Path path) throws IOException {
            return real.size(path);
        }

        @Override
        public String readPrefix(Path file, int maxBytes) throws IOException {
            return real.readPrefix(file, maxBytes);
        }

        @Override
        public byte[] readRange(Path file, long offset, int length) throws IOException {
            return real.readRange(file, offset, length);
        }

        @Override
        public InputStream open(Path file) throws IOException {
            return real.open(file);
        }

        @Override
        public List<String> list(Path directory) throws IOException {
            return real.list(directory);
        }

        @Override
        public BasicFileAttributes attributes(Path path) throws IOException {
            return real.attributes(path);
        }

        @Override
        public boolean exists(Path path) {
            return real.exists(path);
        }
    }
}
