package dev.leakwatch.agent.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProcessSelectorTest {
    private static final long MIB = 1 << 20;
    private static final Map<String, Integer> PASSWD = Map.of("root", 0, "www-data", 33, "app", 1000);

    private final List<Process> host = List.of(
            new Process(1, "systemd", "/sbin/init", 0, 12 * MIB),
            new Process(200, "java", "java -jar /opt/chat/chat.jar", 1000, 900 * MIB),
            new Process(201, "java", "java -jar /opt/batch/batch.jar", 1000, 300 * MIB),
            new Process(300, "nginx", "nginx: worker process", 33, 40 * MIB),
            new Process(301, "nginx", "nginx: master process", 0, 8 * MIB),
            new Process(400, "sleep", "sleep 60", 1000, 1 * MIB),
            new Process(500, "python3", null, null, null));

    @Test
    void selectsEveryProcessByDefault() {
        final ProcessSelector.Result<Process> result = select(ProcessSelection.all());

        assertThat(pids(result)).containsExactly(1, 200, 201, 300, 301, 400, 500);
        assertThat(result.filtered()).isZero();
        assertThat(result.capped()).isZero();
    }

    @Test
    void keepsOnlyTheLargestByRssBeyondTheCapAndKeepsTheInputOrder() {
        final ProcessSelector.Result<Process> result = select(ProcessSelection.all().withMaxProcesses(3));

        assertThat(pids(result)).containsExactly(200, 201, 300);
        assertThat(result.capped()).isEqualTo(4);
    }

    @Test
    void alwaysKeepsProcessesMatchingAnAlwaysIncludePatternEvenBeyondTheCapAndBelowTheMinimumRss() {
        final ProcessSelector.Result<Process> result = select(ProcessSelection.all().withMaxProcesses(2)
                .withMinRssBytes(10 * MIB).withAlwaysInclude(List.of("^sleep$", "master")));

        assertThat(pids(result)).containsExactly(200, 201, 301, 400);
        assertThat(result.capped()).isEqualTo(2);
    }

    @Test
    void excludesWinOverEverything() {
        final ProcessSelector.Result<Process> result = select(ProcessSelection.all().withExcludeComm(List.of("^nginx$"))
                .withAlwaysInclude(List.of("nginx")).withExcludeCmdline(List.of("batch\\.jar")));

        assertThat(pids(result)).containsExactly(1, 200, 400, 500);
        assertThat(result.filtered()).isEqualTo(3);
    }

    @Test
    void includeDimensionsMustAllMatchAndOnePatternPerDimensionIsEnough() {
        final ProcessSelector.Result<Process> result = select(ProcessSelection.all()
                .withIncludeComm(List.of("^java$", "^nginx$")).withIncludeUsers(List.of("app", "33")));

        assertThat(pids(result)).containsExactly(200, 201, 300);
    }

    @Test
    void aProcessWhoseCommandLineOrUserIsUnknownMatchesNoIncludeOfThem() {
        assertThat(pids(select(ProcessSelection.all().withIncludeCmdline(List.of(".")))))
                .doesNotContain(500).hasSize(6);
        assertThat(pids(select(ProcessSelection.all().withIncludeUsers(List.of("0"))))).containsExactly(1, 301);
        assertThat(pids(select(ProcessSelection.all().withExcludeUsers(List.of("root"))))).containsExactly(200, 201, 300, 400, 500);
    }

    @Test
    void leavesOutProcessesBelowTheMinimumRssAndThoseWithoutAnRss() {
        assertThat(pids(select(ProcessSelection.all().withMinRssBytes(10 * MIB)))).containsExactly(1, 200, 201, 300);
    }

    @Test
    void reportsUserNamesThatAreNotInThePasswdFileAndMatchesNothingWithThem() {
        final ProcessSelector selector = new ProcessSelector(ProcessSelection.all().withIncludeUsers(List.of("ghost")), PASSWD);

        assertThat(selector.unknownUsers()).containsExactly("ghost");
        assertThat(selector.select(host).selected()).isEmpty();
    }

    @Test
    void rejectsPatternsAndUsersAUserCouldNotHaveMeant() {
        assertThatThrownBy(() -> ProcessSelection.all().withIncludeComm(List.of("java(")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--include-comm 'java(' is not a valid regular expression");
        assertThatThrownBy(() -> ProcessSelection.all().withExcludeUsers(List.of("a:b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--exclude-user");
        assertThatThrownBy(() -> ProcessSelection.all().withMaxProcesses(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ProcessSelection.all().withMinRssBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessSelection.all().withAlwaysInclude(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    private ProcessSelector.Result<Process> select(ProcessSelection selection) {
        return new ProcessSelector(selection, PASSWD).select(host);
    }

    private static List<Integer> pids(ProcessSelector.Result<Process> result) {
        return result.selected().stream().map(Process::pid).toList();
    }

    private record Process(int pid, String comm, String cmdline, Integer uid, Long rssBytes) implements ProcessSelector.Candidate {
    }
}
