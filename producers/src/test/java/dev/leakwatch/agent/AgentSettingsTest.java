package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentSettingsTest {

    @Test
    void defaultsReadTheHostsProcEveryFiveSecondsWithoutKernelThreads() {
        final AgentSettings defaults = AgentSettings.defaults();

        assertThat(defaults.procRoot()).isEqualTo(Path.of("/proc"));
        assertThat(defaults.cgroupRoot()).isEqualTo(Path.of("/sys/fs/cgroup"));
        assertThat(defaults.hostName()).isNull();
        assertThat(defaults.tickInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.skipKernelThreads()).isTrue();
    }

    @Test
    void withersChangeOneSettingOnly() {
        final AgentSettings changed = AgentSettings.defaults().withProcRoot(Path.of("/host/proc")).withHostName("web-17");

        assertThat(changed.procRoot()).isEqualTo(Path.of("/host/proc"));
        assertThat(changed.hostName()).isEqualTo("web-17");
        assertThat(changed.tickInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "web/17", "web 17"})
    void rejectsHostNamesThatWouldBreakTheRecordKey(String hostName) {
        assertThatThrownBy(() -> AgentSettings.defaults().withHostName(hostName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host/pid/start_time");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 99, 3_600_001})
    void rejectsTickIntervalsOutsideTheSupportedRange(long millis) {
        assertThatThrownBy(() -> AgentSettings.defaults().withTickInterval(Duration.ofMillis(millis)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tick interval must be between 100 ms and 1 h");
    }

    @Test
    void rejectsMissingRootsWithAHint() {
        assertThatThrownBy(() -> AgentSettings.defaults().withProcRoot(null)).hasMessageContaining("/host/proc");
        assertThatThrownBy(() -> AgentSettings.defaults().withCgroupRoot(null)).hasMessageContaining("/sys/fs/cgroup");
        assertThatThrownBy(() -> AgentSettings.defaults().withTickInterval(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
