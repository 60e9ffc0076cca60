package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupMemoryLimitsTest {
    private final CgroupMemoryLimits limits = new CgroupMemoryLimits(ProcFiles.system(), Fixtures.path(Fixtures.CGROUP_A));

    @ParameterizedTest(name = "v1 {0} v2 {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # v1 memory path                              | unified path                             | limit (empty = none)
            /kubepods/pod-a/c1                            | /                                        | 536870912
            /kubepods/pod-a                               | /                                        |
            /process_api/fe1a14be343a1eb403d9c6914ba74df9 | /                                        |
            /docker/not-mounted-here                      | /                                        |
            /                                             | /                                        |
                                                          | /system.slice/odd.service                | 268435456
                                                          | /system.slice/capped.slice/leaf.service  | 1073741824
                                                          | /system.slice                            |
                                                          | /                                        |
                                                          | /gone.slice/gone.service                 |
                                                          | /system.slice/../../etc                  |
                                                          |                                          |
            """)
    void takesTheSmallestLimitFromTheCgroupUpToItsHierarchyRoot(String memoryV1, String unified, Long limit) throws Exception {
        final CgroupPaths paths = new CgroupPaths(Optional.ofNullable(memoryV1), Optional.ofNullable(unified));

        assertThat(limits.limitOf(paths)).isEqualTo(limit == null ? OptionalLong.empty() : OptionalLong.of(limit));
    }
}
