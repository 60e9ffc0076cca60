package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LimitsParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture           | soft max open files (empty = unlimited)
            host-a/1000/limits  | 20000
            host-a/1002/limits  | 1024
            host-a/14/limits    | 1024
            host-a/1001/limits  |
            """)
    void readsTheSoftOpenFilesLimitAndUnlimitedAsNoLimit(String fixture, Long soft) {
        assertThat(LimitsParser.softMaxOpenFiles(Fixtures.text(fixture)))
                .isEqualTo(soft == null ? OptionalLong.empty() : OptionalLong.of(soft));
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed/limits-no-open-files", "malformed/limits-bad-soft", "host-a/1005/limits"})
    void rejectsLimitsWithoutAReadableOpenFilesLine(String fixture) {
        assertThatThrownBy(() -> LimitsParser.softMaxOpenFiles(Fixtures.text(fixture)))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageStartingWith("/proc/PID/limits: ");
    }
}
