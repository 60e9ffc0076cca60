package dev.leakwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthJsonTest {
    @TempDir
    Path dir;

    @Test
    void aSimulatedFleetsGroundTruthSurvivesAFileRoundTrip() {
        List<GroundTruth> truth = FleetSimulation.groundTruthOf(FleetSpec.benchmark(2, 10, Duration.ofHours(12), Duration.ofSeconds(60), 4));
        Path file = dir.resolve("truth.jsonl");
        GroundTruthJson.write(file, truth);
        assertThat(GroundTruthJson.read(file)).isEqualTo(truth);
        assertThat(truth).anySatisfy(t -> assertThat(t.leaks()).isTrue()).anySatisfy(t -> assertThat(t.leaks()).isFalse());
    }

    @Test
    void aLineNamesItsFieldsInSnakeCase() {
        GroundTruth leak = new GroundTruth("web-1", 42, 1000, "chat", Scenario.CLOSE_WAIT_PILEUP, dev.leakwatch.schema.Resource.TCP_CLOSE_WAIT,
                List.of(dev.leakwatch.schema.Resource.OPEN_FDS), 2000L, 9000L, 1024L, 9500, EndReason.RESTARTED_UNHEALTHY, 1500L, 9400L, 10);
        assertThat(GroundTruthJson.format(leak)).isEqualTo("{\"host\":\"web-1\",\"pid\":42,\"start_time\":1000,\"service\":\"chat\","
                + "\"scenario\":\"close-wait-pileup\",\"expected_resource\":\"TCP_CLOSE_WAIT\",\"related_resources\":[\"OPEN_FDS\"],"
                + "\"leak_onset\":2000,\"exhaustion_time\":9000,\"limit\":1024,\"end_time\":9500,\"end_reason\":\"RESTARTED_UNHEALTHY\","
                + "\"first_sample\":1500,\"last_sample\":9400,\"samples\":10}");
    }

    @Test
    void aBrokenLineIsRejectedWithTheReason() {
        assertThatThrownBy(() -> GroundTruthJson.parse("{\"host\":\"a\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing field 'pid'");
    }
}
