package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture            | v1 memory path               | unified path
            host-a/1000/cgroup   | /kubepods/pod-a/c1           | /
            host-a/1001/cgroup   |                              | /system.slice/odd.service
            host-a/1003/cgroup   |                              | /system.slice/capped.slice/leaf.service
            host-a/14/cgroup     | /                            | /
            """)
    void findsTheMemoryControllerAndUnifiedPaths(String fixture, String memoryV1, String unified) {
        final CgroupPaths paths = CgroupParser.parse(Fixtures.text(fixture));

        assertThat(paths.memoryV1()).isEqualTo(Optional.ofNullable(memoryV1));
        assertThat(paths.unified()).isEqualTo(Optional.ofNullable(unified));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture            | v1 pids path (empty = no pids line)
            host-a/1000/cgroup   | /
            host-a/1002/cgroup   | /process_api/fe1a14be343a1eb403d9c6914ba74df9
            host-a/1003/cgroup   |
            """)
    void findsThePidsControllerPath(String fixture, String pidsV1) {
        assertThat(CgroupParser.parse(Fixtures.text(fixture)).pidsV1()).isEqualTo(Optional.ofNullable(pidsV1));
    }

    @Test
    void findsPidsInACombinedControllerList() {
        assertThat(CgroupParser.parse("5:memory,pids:/batch/job-7\n").pidsV1()).contains("/batch/job-7");
    }

    @Test
    void findsMemoryInACombinedControllerList() {
        assertThat(CgroupParser.parse("5:cpu,memory:/batch/job-7\n").memoryV1()).contains("/batch/job-7");
    }

    @Test
    void keepsColonsInsideThePath() {
        assertThat(CgroupParser.parse("0::/pod:a/b\n").unified()).contains("/pod:a/b");
    }

    @Test
    void rejectsALineThatIsNotIdControllersPath() {
        assertThatThrownBy(() -> CgroupParser.parse(Fixtures.text("malformed/cgroup-bad-line")))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageContaining("this is not a cgroup line");
    }
}
