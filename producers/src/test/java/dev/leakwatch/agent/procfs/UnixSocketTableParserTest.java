package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class UnixSocketTableParserTest {

    @Test
    void readsTheInodeOfEveryUnixSocketWithOrWithoutAPath() {
        final List<Long> inodes = new ArrayList<>();

        final int malformed = UnixSocketTableParser.parse(Fixtures.text("host-b/30586/net/unix"), inodes::add);

        assertThat(inodes).containsExactly(129L, 125501L, 125502L, 128L);
        assertThat(malformed).isZero();
    }

    @Test
    void keepsOnlyTheFieldsBeforeAPathWithSpaces() {
        final List<Long> inodes = new ArrayList<>();

        UnixSocketTableParser.parse("Num RefCount\n0000000000000000: 00000002 00000000 00010000 0001 01 20415 /run/my app/socket\n", inodes::add);

        assertThat(inodes).containsExactly(20415L);
    }

    @Test
    void skipsAndCountsLinesThatAreNotSockets() {
        final List<Long> inodes = new ArrayList<>();

        assertThat(UnixSocketTableParser.parse(Fixtures.text("malformed/unix-bad-lines"), inodes::add)).isEqualTo(2);
        assertThat(inodes).containsExactly(129L, 125501L);
    }
}
