package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatmParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture               | page size | size bytes | resident bytes | anonymous bytes
            host-a/1000/statm       | 4096      | 2990080    | 1806336        | 110592
            host-a/14/statm         | 4096      | 0          | 0              | 0
            host-a/1002/statm       | 65536     | 3407872000 | 3355443200     | 3328311296
            """)
    void readsResidentAndAnonymousMemoryInPages(String fixture, int pageSize, long size, long resident, long anonymous) {
        final PidStatm statm = StatmParser.parse(Fixtures.text(fixture), pageSize);

        assertThat(statm.sizeBytes()).isEqualTo(size);
        assertThat(statm.residentBytes()).isEqualTo(resident);
        assertThat(statm.anonymousBytes()).isEqualTo(anonymous);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture                | VmRSS of the same process in status, kB
            host-b/30586/statm       | 9744
            host-b/30588/statm       | 10396
            host-b/30589/statm       | 11172
            """)
    void agreesWithWhatPsPrintedForCapturedProcesses(String fixture, long psRssKib) {
        assertThat(StatmParser.parse(Fixtures.text(fixture), 4096).residentBytes()).isEqualTo(psRssKib * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed/statm-not-pages", "malformed/statm-truncated", "host-a/1005/statm"})
    void rejectsMalformedStatmFiles(String fixture) {
        assertThatThrownBy(() -> StatmParser.parse(Fixtures.text(fixture), 4096))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageStartingWith("/proc/PID/statm: ");
    }
}
