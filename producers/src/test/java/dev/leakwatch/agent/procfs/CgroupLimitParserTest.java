package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupLimitParserTest {

    @ParameterizedTest(name = "memory.max ''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            # memory.max content | limit (empty = none)
            max                  |
            268435456            | 268435456
            0                    | 0
            """)
    void readsCgroupV2MemoryMaxWithMaxAsNoLimit(String content, Long limit) {
        assertThat(CgroupLimitParser.memoryMax(content + "\n")).isEqualTo(limit == null ? OptionalLong.empty() : OptionalLong.of(limit));
    }

    @ParameterizedTest(name = "memory.limit_in_bytes ''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            # memory.limit_in_bytes content | limit (empty = none)
            9223372036854771712             |
            9223372036854710272             |
            9223372036854775807             |
            536870912                       | 536870912
            """)
    void readsCgroupV1LimitWithThePageRoundedMaximumAsNoLimit(String content, Long limit) {
        assertThat(CgroupLimitParser.limitInBytes(content + "\n")).isEqualTo(limit == null ? OptionalLong.empty() : OptionalLong.of(limit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-1", "12 kB"})
    void rejectsLimitsThatAreNotByteCounts(String content) {
        assertThatThrownBy(() -> CgroupLimitParser.memoryMax(content)).isInstanceOf(MalformedProcFileException.class);
        assertThatThrownBy(() -> CgroupLimitParser.limitInBytes(content)).isInstanceOf(MalformedProcFileException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # pids.max content | limit (empty = none)
            max                |
            512                | 512
            0                  | 0
            """)
    void readsPidsMaxWithMaxAsNoLimit(String content, Long limit) {
        assertThat(CgroupLimitParser.pidsMax(content + "\n"))
                .isEqualTo(limit == null ? OptionalLong.empty() : OptionalLong.of(limit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-1", "12 tasks", "MAX"})
    void rejectsPidsLimitsThatAreNotTaskCounts(String content) {
        assertThatThrownBy(() -> CgroupLimitParser.pidsMax(content))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageStartingWith("pids.max: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            192729      | 192729
            '  4096 '   | 4096
            """)
    void readsThreadsMax(String content, long tasks) {
        assertThat(ThreadsMaxParser.parse(content + "\n")).isEqualTo(tasks);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "many", "-5"})
    void rejectsThreadsMaxThatIsNotATaskCount(String content) {
        assertThatThrownBy(() -> ThreadsMaxParser.parse(content))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageStartingWith("/proc/sys/kernel/threads-max: ");
    }
}
