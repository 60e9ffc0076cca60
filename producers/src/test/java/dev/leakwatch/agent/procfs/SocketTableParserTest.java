package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketTableParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture                 | sockets | listening | established | time wait | close wait
            host-b/30586/net/tcp      | 411     | 3         | 4           | 402       | 1
            host-b/30586/net/tcp6     | 25      | 1         | 2           | 22        | 0
            host-b/30589/net/tcp      | 3       | 1         | 2           | 0         | 0
            """)
    void countsSocketsPerStateInCapturedTables(String fixture, int sockets, int listening, int established, int timeWait, int closeWait) {
        final Map<Integer, Integer> byState = new HashMap<>();

        final SocketTableParser.Counts counts = SocketTableParser.parse(Fixtures.text(fixture), (state, inode) -> byState.merge(state, 1, Integer::sum));

        assertThat(counts.sockets()).isEqualTo(sockets);
        assertThat(counts.malformedLines()).isZero();
        assertThat(byState.getOrDefault(TcpState.LISTEN.code(), 0)).isEqualTo(listening);
        assertThat(byState.getOrDefault(TcpState.ESTABLISHED.code(), 0)).isEqualTo(established);
        assertThat(byState.getOrDefault(TcpState.TIME_WAIT.code(), 0)).isEqualTo(timeWait);
        assertThat(byState.getOrDefault(TcpState.CLOSE_WAIT.code(), 0)).isEqualTo(closeWait);
    }

    @Test
    void timeWaitSocketsHaveNoInodeBecauseNoProcessOwnsThem() {
        final List<Long> timeWaitInodes = new ArrayList<>();

        SocketTableParser.parse(Fixtures.text("host-b/30586/net/tcp"), (state, inode) -> {
            if (state == TcpState.TIME_WAIT.code()) {
                timeWaitInodes.add(inode);
            }
        });

        assertThat(timeWaitInodes).hasSize(402).containsOnly(0L);
    }

    @Test
    void readsTheInodeOfIpv6AndUdpSockets() {
        final Map<Long, Integer> tcp6 = new HashMap<>();
        final Map<Long, Integer> udp = new HashMap<>();

        SocketTableParser.parse(Fixtures.text("host-b/30586/net/tcp6"), (state, inode) -> tcp6.put(inode, state));
        SocketTableParser.parse(Fixtures.text("host-b/30586/net/udp"), (state, inode) -> udp.put(inode, state));

        assertThat(tcp6).containsEntry(125499L, TcpState.LISTEN.code());
        assertThat(udp).containsExactly(Map.entry(125500L, TcpState.CLOSE.code()));
    }

    @Test
    void skipsAndCountsLinesThatAreNotSockets() {
        final List<Long> inodes = new ArrayList<>();

        final SocketTableParser.Counts counts = SocketTableParser.parse(Fixtures.text("malformed/tcp-bad-lines"), (state, inode) -> inodes.add(inode));

        assertThat(inodes).containsExactly(125498L, 1503L, 125497L);
        assertThat(counts.malformedLines()).isEqualTo(3);
    }

    @Test
    void readsAStreamInChunksAcrossLineBoundaries() throws Exception {
        final String table = Fixtures.text("host-b/30586/net/tcp");
        final List<Long> fromText = new ArrayList<>();
        final List<Long> fromStream = new ArrayList<>();
        SocketTableParser.parse(table, (state, inode) -> fromText.add(inode));

        // a stream that returns a few bytes per read, like a seq_file returns a page per read
        final ByteArrayInputStream bytes = new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8));
        SocketTableParser.parse(new java.io.InputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, Math.min(len, 97));
            }
        }, (state, inode) -> fromStream.add(inode));

        assertThat(fromStream).isEqualTo(fromText).hasSize(411);
    }

    @Test
    void anEmptyTableOrAHeaderAloneHasNoSockets() {
        assertThat(SocketTableParser.parse("", (s, i) -> { }).sockets()).isZero();
        assertThat(SocketTableParser.parse("  sl  local_address rem_address   st\n\n", (s, i) -> { })).isEqualTo(new SocketTableParser.Counts(0, 0));
    }
}
