package dev.leakwatch.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leakwatch.json.IncidentJson;
import dev.leakwatch.sim.GroundTruthJson;

class BenchCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void benchDetectScoresBothDetectorsOnTheSameFleetAndWritesTheTable() throws IOException {
        Path report = dir.resolve("detect.md");
        Path json = dir.resolve("detect.json");
        Path keep = dir.resolve("kept");
        SimCli cli = new SimCli();
        assertThat(cli.run("bench", "detect", "--hosts", "3", "--processes-per-host", "10", "--days", "0.5",
                "--report", report.toString(), "--json", json.toString(), "--keep", keep.toString())).as(cli.err.toString()).isZero();

        assertThat(cli.out.toString()).contains("| measure | leakwatch | predict_linear |").contains("| recall (scored leaks detected) |");
        assertThat(Files.readString(report)).isEqualTo(cli.out.toString().stripTrailing() + "\n");
        JsonNode root = JSON.readTree(json.toFile());
        assertThat(root.path("fleet").path("hosts").asInt()).isEqualTo(3);
        assertThat(root.path("detectors")).hasSize(2);
        assertThat(root.path("detectors").get(0).path("name").asText()).isEqualTo("leakwatch");
        assertThat(root.path("detectors").get(1).path("name").asText()).isEqualTo("predict_linear");
        assertThat(root.path("detectors").get(0).path("overall").path("scored_leaks").asLong()).isPositive();
        assertThat(root.path("detectors").get(1).path("overall").path("incidents").asLong()).isPositive();

        assertThat(GroundTruthJson.read(keep.resolve("truth.jsonl"))).hasSize(root.path("fleet").path("incarnations").asInt());
        assertThat(Files.size(keep.resolve("samples.jsonl.gz"))).isPositive();
        for (String line : Files.readAllLines(keep.resolve("incidents-predict-linear.jsonl"))) {
            assertThat(IncidentJson.parse(line).getPattern()).isEqualTo("PREDICT_LINEAR");
        }
        assertThat(cli.err.toString()).contains("bench detect: done in");
    }

    @Test
    void benchWithoutABenchmarkIsAUsageError() {
        SimCli cli = new SimCli();
        assertThat(cli.run("bench")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("detect, throughput or agent");
    }

    @Test
    void benchThroughputMeasuresTheConsumerAndTheStreamsAppOnARealBroker() throws IOException {
        Path json = dir.resolve("throughput.json");
        SimCli cli = new SimCli();
        assertThat(cli.run("bench", "throughput", "--samples", "20000", "--processes", "200", "--partitions", "2",
                "--latency-rate", "500", "--latency-phase", "3s",
                "--report", dir.resolve("throughput.md").toString(), "--json", json.toString())).as(cli.err.toString()).isZero();

        JsonNode result = JSON.readTree(json.toFile());
        assertThat(result.path("samples").asLong()).isEqualTo(20000);
        assertThat(result.path("processing_guarantee").asText()).isEqualTo("exactly_once_v2");
        assertThat(result.path("consumer_samples_per_second").asDouble()).isPositive();
        assertThat(result.path("streams_samples_per_second").asDouble()).isPositive();
        assertThat(result.path("tracked_processes").asLong()).isGreaterThanOrEqualTo(200);
        assertThat(result.path("live_state_keys").asLong()).isPositive();
        assertThat(result.path("changelog_log_bytes").asLong()).isPositive();
        assertThat(result.path("pickup_latency_ms").path("count").asLong()).isGreaterThanOrEqualTo(1500);
        assertThat(cli.out.toString()).contains("| streams app / bare consumer |");
    }
}
