package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelStatParserTest {

    @Test
    void readsTheBootTimeFromACapturedProcStat() {
        assertThat(KernelStatParser.bootTimeSeconds(Fixtures.text("host-a/stat"))).isEqualTo(Fixtures.HOST_A_BOOT_TIME_SECONDS);
    }

    @Test
    void rejectsAProcStatWithoutBtime() {
        assertThatThrownBy(() -> KernelStatParser.bootTimeSeconds(Fixtures.text("malformed/proc-stat-no-btime")))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageContaining("no btime");
    }

    @Test
    void rejectsANonNumericBtime() {
        assertThatThrownBy(() -> KernelStatParser.bootTimeSeconds("cpu 1 2 3\nbtime soon\n"))
                .isInstanceOf(MalformedProcFileException.class);
    }

    @ParameterizedTest(name = "btime {0} s + {1} ticks = {2} ms")
    @CsvSource({
            "1795614976, 0,     1795614976000",
            "1795614976, 1,     1795614976010",
            "1795614976, 45628, 1795615432280",
            "0,          199,   1990"})
    void startTimeIsBootTimePlusTicksAtOneHundredPerSecond(long btime, long ticks, long epochMillis) {
        assertThat(StartTimes.epochMillis(btime, ticks)).isEqualTo(epochMillis);
    }
}
