package dev.leakwatch.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.embedded.KafkaServer;
import dev.leakwatch.embedded.RealServers;
import dev.leakwatch.embedded.RegistryServer;
import dev.leakwatch.json.SampleJson;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.serde.ConfluentAvroSerde;
import dev.leakwatch.sim.GroundTruth;
import dev.leakwatch.sim.GroundTruthJson;
import dev.leakwatch.topic.ProcessKey;

@ExtendWith(RealServers.class)
class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesGzippedSamplesAndAGroundTruthThatAccountsForEachOfThem() throws IOException {
        Path samples = dir.resolve("fleet.jsonl.gz");
        Path truth = dir.resolve("truth.jsonl");
        SimCli cli = new SimCli();
        assertThat(cli.run("simulate", "--hosts", "3", "--processes-per-host", "6", "--days", "0.5", "--seed", "9",
                "--out", samples.toString(), "--truth", truth.toString())).isZero();

        List<ProcessSample> read = readSamples(samples);
        List<GroundTruth> labels = GroundTruthJson.read(truth);
        assertThat(read).hasSizeGreaterThan(3 * 6 * 600);
        assertThat(labels.stream().mapToLong(GroundTruth::samples).sum()).isEqualTo(read.size());
        Set<String> labelled = new HashSet<>();
        labels.forEach(t -> labelled.add(t.processKey()));
        assertThat(read).allSatisfy(s -> assertThat(labelled).contains(ProcessKey.of(s)));
        assertThat(labels).anySatisfy(t -> assertThat(t.leaks()).isTrue());
        assertThat(cli.err.toString()).contains("simulate: 3 hosts x 6 processes").contains("process incarnations");
    }

    @Test
    void theSameFlagsWriteTheSameFile() throws IOException {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        assertThat(new SimCli().run("simulate", "--hosts", "2", "--processes-per-host", "5", "--days", "0.2", "--out", first.toString())).isZero();
        assertThat(new SimCli().run("simulate", "--hosts", "2", "--processes-per-host", "5", "--days", "0.2", "--out", second.toString())).isZero();
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(new SimCli().run("simulate", "--hosts", "2", "--processes-per-host", "5", "--days", "0.2", "--seed", "43",
                "--out", second.toString())).isZero();
        assertThat(Files.readAllBytes(first)).isNotEqualTo(Files.readAllBytes(second));
    }

    @Test
    void speedHoldsEventTimeToWallTime() {
        // 20 minutes of event time at 1200x take a second of wall time
        long started = System.nanoTime();
        assertThat(new SimCli().run("simulate", "--hosts", "1", "--processes-per-host", "2", "--days", "0.013888889",
                "--speed", "1200", "--out", dir.resolve("paced.jsonl").toString())).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    }

    @Test
    void aBadSpeedOrScenarioIsAUsageError() {
        SimCli cli = new SimCli();
        assertThat(cli.run("simulate", "--speed", "fast", "--out", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--speed must be a positive number or 'max'");
        assertThat(cli.run("simulate", "--scenarios", "gc-sawtooth,memory-hog", "--out", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("unknown scenario 'memory-hog'");
    }

    @Test
    void publishesToTheSamplesTopicAsTheAgentDoes(KafkaServer kafka, RegistryServer registry) throws IOException {
        String topic = "simulate-test.samples";
        kafka.createTopic(topic, 3);
        Path truth = dir.resolve("truth.jsonl");
        SimCli cli = new SimCli();
        assertThat(cli.run("simulate", "--hosts", "3", "--processes-per-host", "4", "--days", "0.05",
                "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--samples-topic", topic, "--truth", truth.toString())).as(cli.err.toString()).isZero();
        long expected = GroundTruthJson.read(truth).stream().mapToLong(GroundTruth::samples).sum();

        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Map<String, Set<Integer>> partitionsOfHost = new HashMap<>();
        long read = 0;
        try (KafkaConsumer<String, ProcessSample> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                ConfluentAvroSerde.forValues(ProcessSample.class, Map.of("schema.registry.url", registry.url())).deserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ProcessSample> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(record.key()).isEqualTo(ProcessKey.of(record.value()));
                    assertThat(record.timestamp()).isEqualTo(record.value().getTimestamp().toEpochMilli());
                    partitionsOfHost.computeIfAbsent(record.value().getHost(), h -> new HashSet<>()).add(record.partition());
                    read++;
                }
            }
        }
        assertThat(read).isEqualTo(expected);
        assertThat(partitionsOfHost).hasSize(3).allSatisfy((host, partitions) -> assertThat(partitions).hasSize(1));
    }

    private static List<ProcessSample> readSamples(Path gz) throws IOException {
        List<ProcessSample> samples = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                samples.add(SampleJson.parse(line));
            }
        }
        return samples;
    }
}
