package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SockstatParserTest {
    /** Captured on Linux 6.18. */
    private static final String SOCKSTAT = """
            sockets: used 1013
            TCP: inuse 1002 orphan 0 tw 67 alloc 1048 mem 181
            UDP: inuse 0 mem 0
            UDPLITE: inuse 0
            RAW: inuse 0
            FRAG: inuse 0 memory 0
            """;
    private static final String SOCKSTAT6 = """
            TCP6: inuse 46
            UDP6: inuse 0
            UDPLITE6: inuse 0
            RAW6: inuse 0
            FRAG6: inuse 0 memory 0
            """;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # protocol | key    | count, -1 for none
            TCP        | inuse  | 1002
            TCP        | tw     | 67
            TCP        | mem    | 181
            UDP        | inuse  | 0
            FRAG       | memory | 0
            TCP        | orphans| -1
            TCP6       | inuse  | -1
            sockets    | used   | 1013
            """)
    void readsTheCountAfterTheKeyOnTheProtocolsLine(String protocol, String key, long expected) {
        assertThat(SockstatParser.value(SOCKSTAT, protocol, key).orElse(-1)).isEqualTo(expected);
    }

    @Test
    void tellsTcp6FromTcpAndUdp6FromUdplite6() {
        assertThat(SockstatParser.value(SOCKSTAT6, "TCP6", "inuse")).hasValue(46);
        assertThat(SockstatParser.value(SOCKSTAT6, "UDP6", "inuse")).hasValue(0);
        assertThat(SockstatParser.value(SOCKSTAT6, "TCP", "inuse")).isEmpty();
    }

    @Test
    void rejectsAKeyWithoutACount() {
        assertThatThrownBy(() -> SockstatParser.value("TCP: inuse 3 tw\n", "TCP", "tw")).isInstanceOf(MalformedProcFileException.class);
        assertThatThrownBy(() -> SockstatParser.value("TCP6: inuse many\n", "TCP6", "inuse")).isInstanceOf(MalformedProcFileException.class);
        assertThatThrownBy(() -> SockstatParser.value("TCP6: inuse -1\n", "TCP6", "inuse")).isInstanceOf(MalformedProcFileException.class);
    }
}
