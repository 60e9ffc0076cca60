package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture            | VmRSS bytes | RssAnon bytes | threads | real uid
            host-a/1000/status   | 1806336     | 110592        | 1       | 0
            host-a/1001/status   | 53686272    | 40960000      | 7       | 1001
            host-a/1002/status   | 209715200   |               | 3       | 33
            host-a/14/status     |             |               | 1       | 0
            """)
    void readsMemoryThreadsAndUidFromCapturedStatusFiles(String fixture, Long rss, Long rssAnon, int threads, int uid) {
        final PidStatus status = StatusParser.parse(Fixtures.text(fixture));

        assertThat(status.vmRssBytes()).isEqualTo(rss == null ? OptionalLong.empty() : OptionalLong.of(rss));
        assertThat(status.rssAnonBytes()).isEqualTo(rssAnon == null ? OptionalLong.empty() : OptionalLong.of(rssAnon));
        assertThat(status.threads()).isEqualTo(OptionalInt.of(threads));
        assertThat(status.realUid()).isEqualTo(OptionalInt.of(uid));
    }

    @Test
    void kernelThreadsHaveNoResidentMemory() {
        assertThat(StatusParser.parse(Fixtures.text("host-a/14/status")).vmRssBytes()).isEmpty();
    }

    @Test
    void takesTheRealUidNotTheEffectiveOne() {
        final PidStatus status = StatusParser.parse("Name:\tsetuid\nUid:\t1000\t0\t0\t0\n");

        assertThat(status.realUid()).isEqualTo(OptionalInt.of(1000));
    }

    @Test
    void ignoresLinesItDoesNotNeedEvenWithoutAColon() {
        final PidStatus status = StatusParser.parse("Name:\tx\nthis line has no colon\nSigQ:\tgarbage\nThreads:\t4\n");

        assertThat(status.threads()).isEqualTo(OptionalInt.of(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"host-a/1005/status", "malformed/status-bad-uid", "malformed/status-rss-not-kb"})
    void rejectsAFileWhoseNeededLinesDoNotParse(String fixture) {
        assertThatThrownBy(() -> StatusParser.parse(Fixtures.text(fixture)))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageStartingWith("/proc/PID/status: ");
    }
}
