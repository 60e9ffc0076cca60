package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmallParsersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # fixture             | command line
            host-a/1000/cmdline   | /usr/bin/chat_server --port 8080
            host-a/1002/cmdline   | /opt/worker/bin/worker -c /etc/worker.conf
            host-a/1004/cmdline   | "nginx: master process"
            """)
    void joinsCommandLineArgumentsWithSpaces(String fixture, String expected) {
        assertThat(CmdlineParser.parse(Fixtures.text(fixture), 512)).contains(expected);
    }

    @Test
    void kernelThreadsHaveNoCommandLine() {
        assertThat(CmdlineParser.parse(Fixtures.text("host-a/14/cmdline"), 512)).isEmpty();
    }

    @Test
    void cutsLongCommandLines() {
        final String raw = "java\0-cp\0" + "a.jar:".repeat(200) + "\0Main\0";

        assertThat(CmdlineParser.parse(raw, 512)).hasValueSatisfying(cmdline -> {
            assertThat(cmdline).hasSize(512);
            assertThat(cmdline).startsWith("java -cp a.jar:");
        });
    }

    @Test
    void neverCutsACharacterInHalf() {
        final String raw = "x".repeat(9) + "\uD83D\uDE00" + "tail";

        assertThat(CmdlineParser.parse(raw, 10)).contains("x".repeat(9));
    }

    @Test
    void countsOnlyNumericEntriesOfTheFdDirectory() {
        assertThat(FdDirectory.countOpen(List.of("0", "1", "2", "255"))).isEqualTo(4);
        assertThat(FdDirectory.countOpen(List.of(".gitkeep", "", "x1"))).isZero();
        assertThat(FdDirectory.countOpen(List.of())).isZero();
    }

    @Test
    void hostNameComesFromTheProcRootWhenItHasOne() {
        assertThat(HostName.resolve(ProcFiles.system(), Fixtures.path(Fixtures.HOST_A))).isEqualTo("fixture-host-a");
    }

    @Test
    void hostNameFallsBackToTheResolverWithoutAProcHostname() {
        assertThat(HostName.resolve(ProcFiles.system(), Fixtures.path("malformed"))).isNotBlank();
    }
}
