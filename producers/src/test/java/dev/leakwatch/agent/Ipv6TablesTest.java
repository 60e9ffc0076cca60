package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.leakwatch.agent.procfs.ProcFiles;

class Ipv6TablesTest {
    @TempDir
    Path net;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                        | sockstat6                    | sockstat tw | IPv4 TIME_WAIT | tcp6  | udp6
            no IPv6 socket at all                         | TCP6: inuse 0\\nUDP6: inuse 0 | 3           | 3              | false | false
            an IPv6 TCP socket                            | TCP6: inuse 2\\nUDP6: inuse 0 | 0           | 0              | true  | false
            an IPv6 UDP socket                            | TCP6: inuse 0\\nUDP6: inuse 1 | 0           | 0              | false | true
            an IPv6 TIME_WAIT socket of no process        | TCP6: inuse 0\\nUDP6: inuse 0 | 4           | 3              | true  | false
            an IPv4 TIME_WAIT socket gone since tcp read  | TCP6: inuse 0\\nUDP6: inuse 0 | 2           | 3              | false | false
            no sockstat6 (no IPv6, a fixture tree)        |                              | 0           | 0              | true  | true
            a sockstat6 of another layout                 | IPV6 sockets: 0              | 0           | 0              | true  | true
            a malformed sockstat6                         | TCP6: inuse x\\nUDP6: inuse 0 | 0           | 0              | true  | true
            """)
    void readsAnIpv6TableUnlessSockstatSaysItHoldsNoSocket(String name, String sockstat6, int timeWait, int ipv4TimeWait, boolean tcp6,
                                                         boolean udp6) throws IOException {
        if (sockstat6 != null) {
            Files.writeString(net.resolve("sockstat6"), sockstat6.replace("\\n", "\n") + "\n");
        }
        Files.writeString(net.resolve("sockstat"), "sockets: used 9\nTCP: inuse 3 orphan 0 tw " + timeWait + " alloc 3 mem 1\nUDP: inuse 0 mem 0\n");
        final ReadErrorCounters errors = new ReadErrorCounters();

        final Ipv6Tables tables = Ipv6Tables.of(ProcFiles.system(), net, ipv4TimeWait, errors);

        assertThat(tables.tcp()).as("tcp6").isEqualTo(tcp6);
        assertThat(tables.udp()).as("udp6").isEqualTo(udp6);
        assertThat(errors.malformedTotal()).isEqualTo(name.contains("malformed") ? 1 : 0);
    }
}
