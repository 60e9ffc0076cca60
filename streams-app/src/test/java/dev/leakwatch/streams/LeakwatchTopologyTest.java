package dev.leakwatch.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.detect.ProcessTrends;
import dev.leakwatch.replay.AvroBinarySerde;
import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;
import dev.leakwatch.topic.TopicNames;

class LeakwatchTopologyTest {
    private static final long START = 1_767_225_600_000L;
    private static final long STEP = 2_000;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ProcessSample> samples;
    private TestOutputTopic<String, LeakIncident> incidents;

    @BeforeEach
    void startDriver() {
        TopicNames names = TopicNames.defaults();
        Topic<String, ProcessSample> sampleTopic = new Topic<>(names.samples(), Serdes.String(), AvroBinarySerde.of(ProcessSample.class));
        Topic<String, LeakIncident> incidentTopic = new Topic<>(names.incidents(), Serdes.String(), AvroBinarySerde.of(LeakIncident.class));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        driver = new TopologyTestDriver(LeakwatchTopology.build(sampleTopic, incidentTopic, DetectorSettings.defaults()), config);
        samples = driver.createInputTopic(names.samples(), Serdes.String().serializer(), sampleTopic.valueSerde().serializer());
        incidents = driver.createOutputTopic(names.incidents(), Serdes.String().deserializer(), incidentTopic.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void opensOneFdIncidentForTheLeakingProcessAndNoneForTheHealthyOne() {
        for (int i = 0; i < 120; i++) {
            long now = START + i * STEP;
            pipe(sample("leaky", 4242, now, 30 + 4 * i));
            pipe(sample("steady", 4343, now, 30 + (i % 2)));
        }

        List<LeakIncident> emitted = incidents.readValuesToList();
        assertThat(emitted).hasSize(1);
        LeakIncident incident = emitted.get(0);
        assertThat(incident.getIncidentId()).isEqualTo("web-17/4242/" + (START - 60_000) + "/OPEN_FDS");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPENED);
        assertThat(incident.getResource()).isEqualTo(Resource.OPEN_FDS);
        assertThat(incident.getPid()).isEqualTo(4242);
        assertThat(incident.getComm()).isEqualTo("leaky");
        assertThat(incident.getLimit()).isEqualTo(1024L);
        assertThat(incident.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(incident.getSlopePerHour()).isCloseTo(7200.0, org.assertj.core.api.Assertions.within(1.0));
        long decidedAt = incident.getEventTime().toEpochMilli();
        assertThat(decidedAt).isBetween(START, START + 120 * STEP);
        assertThat(incident.getCurrentValue()).isEqualTo(30 + 4 * ((decidedAt - START) / STEP));
    }

    @Test
    void keysIncidentsByIncidentIdAndKeepsTrendsPerIncarnation() {
        for (int i = 0; i < 120; i++) {
            pipe(sample("leaky", 4242, START + i * STEP, 30 + 4 * i));
        }
        assertThat(incidents.readKeyValuesToList()).singleElement()
                .satisfies(kv -> assertThat(kv.key).isEqualTo(kv.value.getIncidentId()));

        KeyValueStore<String, ProcessTrends> store = driver.getKeyValueStore(LeakwatchTopology.TRENDS_STORE);
        assertThat(store.get(ProcessKey.of("web-17", 4242, START - 60_000))).isNotNull();
        try (var all = store.all()) {
            assertThat(all).toIterable().hasSize(1);
        }
    }

    @Test
    void aRestartedProcessIsANewIncarnationWithItsOwnIncident() {
        for (int i = 0; i < 120; i++) {
            pipe(sample("leaky", 4242, START + i * STEP, 30 + 4 * i));
        }
        long restartedAt = START + 121 * STEP;
        for (int i = 0; i < 120; i++) {
            ProcessSample sample = sample("leaky", 4242, restartedAt + i * STEP, 30 + 4 * i);
            sample.setStartTime(Instant.ofEpochMilli(restartedAt));
            pipe(sample);
        }
        assertThat(incidents.readValuesToList()).extracting(LeakIncident::getIncidentId).containsExactly(
                "web-17/4242/" + (START - 60_000) + "/OPEN_FDS",
                "web-17/4242/" + restartedAt + "/OPEN_FDS");
    }

    private void pipe(ProcessSample sample) {
        samples.pipeInput(ProcessKey.of(sample), sample, sample.getTimestamp());
    }

    private static ProcessSample sample(String comm, int pid, long timestamp, int fds) {
        return ProcessSample.newBuilder()
                .setHost("web-17")
                .setPid(pid)
                .setStartTime(Instant.ofEpochMilli(START - 60_000))
                .setTimestamp(Instant.ofEpochMilli(timestamp))
                .setComm(comm)
                .setRssBytes(100L << 20)
                .setMemoryLimitBytes(8L << 30)
                .setFdCount(fds)
                .setFdLimit(1024L)
                .setThreads(8)
                .build();
    }
}
