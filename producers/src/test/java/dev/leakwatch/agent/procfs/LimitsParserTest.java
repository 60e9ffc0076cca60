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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture                       | soft max processes (empty = unlimited)
            host-a/1000/limits              | 96364
            host-a/1001/limits              | 4096
            host-a/1005/limits              | 96364
            malformed/limits-no-open-files  | 96364
            """)
    void readsTheSoftProcessesLimit(String fixture, Long soft) {
        assertThat(LimitsParser.softMaxProcesses(Fixtures.text(fixture)))
                .isEqualTo(soft == null ? OptionalLong.empty() : OptionalLong.of(soft));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "Max processes             unlimited            unlimited            processes",
            "Limit                     Soft Limit           Hard Limit           Units\nMax processes unlimited 10 processes\n"})
    void readsUnlimitedProcessesAsNoLimit(String text) {
        assertThat(LimitsParser.softMaxProcesses(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Max open files 1024 4096 files\n", "Max processes lots 10 processes\n", ""})
    void rejectsLimitsWithoutAReadableProcessesLine(String text) {
        assertThatThrownBy(() -> LimitsParser.softMaxProcesses(text))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageStartingWith("/proc/PID/limits: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed/limits-no-open-files", "malformed/limits-bad-soft", "host-a/1005/limits"})
    void rejectsLimitsWithoutAReadableOpenFilesLine(String fixture) {
        assertThatThrownBy(() -> LimitsParser.softMaxOpenFiles(Fixtures.text(fixture)))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageStartingWith("/proc/PID/limits: ");
    }
}
