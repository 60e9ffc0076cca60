package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupPidsLimitsTest {
    private final CgroupPidsLimits limits = new CgroupPidsLimits(ProcFiles.system(), Fixtures.path(Fixtures.CGROUP_A));

    @ParameterizedTest(name = "v1 {0} v2 {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # v1 pids path                                | unified path                             | limit (empty = none)
            /process_api/fe1a14be343a1eb403d9c6914ba74df9 | /                                        | 512
            /process_api                                  | /                                        | 4096
            /process_api/not-mounted-here                 | /system.slice/capped.slice               |
            /                                             | /system.slice/capped.slice               |
                                                          | /system.slice/capped.slice/leaf.service  | 300
                                                          | /system.slice/capped.slice               | 300
                                                          | /system.slice/odd.service                |
                                                          | /                                        |
                                                          | /system.slice/../../etc                  |
                                                          |                                          |
            """)
    void takesTheSmallestPidsMaxFromTheCgroupUpToItsHierarchyRoot(String pidsV1, String unified, Long limit) throws Exception {
        final CgroupPaths paths = new CgroupPaths(Optional.empty(), Optional.ofNullable(unified), Optional.empty(), Optional.ofNullable(pidsV1));

        assertThat(limits.limitOf(paths)).isEqualTo(limit == null ? OptionalLong.empty() : OptionalLong.of(limit));
    }
}
