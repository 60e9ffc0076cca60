package dev.leakwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The README's main job, as a user runs it, minus the Ctrl-C: it must catch its leaking child and clean up. */
class DemoCommandTest {

    @Test
    void demoPrintsTheLeakingChildsIncidentAndLeavesNoChildBehind() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = LeakwatchCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        Set<Long> childrenBefore = childPids();

        int exit = commandLine.execute("demo", "--exit-after-leak", "--duration", "150s", "--interval", "1s", "--leak-rate", "8");

        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("OPENED").contains("OPEN_FDS").contains("<- the demo's leaking child")
                .contains("leaking child's incident was seen");
        assertThat(childPids()).as("child processes the demo left behind (registry, leaking child)")
                .isSubsetOf(childrenBefore);
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
