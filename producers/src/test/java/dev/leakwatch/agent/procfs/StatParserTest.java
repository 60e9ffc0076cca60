package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # fixture         | pid  | comm              | state | ppid | threads | start ticks | kernel thread
            host-a/1000/stat  | 1000 | chat_server       | S     | 1    | 1       | 45628       | false
            host-a/1001/stat  | 1001 | "(a b ) ( c d)"   | S     | 1    | 7       | 50000       | false
            host-a/1002/stat  | 1002 | worker            | S     | 1    | 3       | 60000       | false
            host-a/14/stat    | 14   | ksoftirqd/0       | S     | 2    | 1       | 19          | true
            """)
    void readsIdentityThreadsAndStartFromCapturedStatFiles(String fixture, int pid, String comm, char state, int ppid,
            int threads, long startTicks, boolean kernelThread) {
        final PidStat stat = StatParser.parse(Fixtures.text(fixture));

        assertThat(stat.pid()).isEqualTo(pid);
        assertThat(stat.comm()).isEqualTo(comm);
        assertThat(stat.state()).isEqualTo(state);
        assertThat(stat.ppid()).isEqualTo(ppid);
        assertThat(stat.numThreads()).isEqualTo(threads);
        assertThat(stat.startTimeTicks()).isEqualTo(startTicks);
        assertThat(stat.hasKernelThreadFlag()).isEqualTo(kernelThread);
    }

    @ParameterizedTest(name = "comm {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # comm as written in the stat file | comm parsed
            (a b ) ( c d)                      | "a b ) ( c d"
            ((a b ) ( c d))                    | "(a b ) ( c d)"
            (x) )                              | "x) "
            ()                                 | ""
            (two  spaces)                      | "two  spaces"
            """)
    void commRunsFromTheFirstOpeningToTheLastClosingParenthesis(String written, String comm) {
        final String text = "42 " + written + " R 1 42 42 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 777 0 0\n";

        final PidStat stat = StatParser.parse(text);

        assertThat(stat.comm()).isEqualTo(comm);
        assertThat(stat.pid()).isEqualTo(42);
        assertThat(stat.startTimeTicks()).isEqualTo(777);
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed/stat-truncated", "malformed/stat-no-parens", "malformed/stat-bad-pid",
            "malformed/stat-bad-starttime", "host-a/1006/stat"})
    void rejectsMalformedStatFiles(String fixture) {
        assertThatThrownBy(() -> StatParser.parse(Fixtures.text(fixture)))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageStartingWith("/proc/PID/stat: ");
    }

    @Test
    void rejectsAnEmptyFile() {
        assertThatThrownBy(() -> StatParser.parse("")).isInstanceOf(MalformedProcFileException.class);
    }
}
