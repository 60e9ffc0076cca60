package dev.leakwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.agent.AgentSettings;
import dev.leakwatch.agent.HostAgent;
import dev.leakwatch.cli.demo.ChildProcesses;
import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.embedded.RegistryServer;
import dev.leakwatch.embedded.KafkaServer;
import dev.leakwatch.embedded.RealServers;
import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.serde.ConfluentAvroSerde;
import dev.leakwatch.streams.LeakwatchTopology;
import dev.leakwatch.streams.app.StreamsApp;
import dev.leakwatch.streams.app.StreamsAppSettings;
import dev.leakwatch.streams.app.TopicProvisioner;
import dev.leakwatch.topic.Topic;
import dev.leakwatch.topic.TopicNames;

/**
 * The whole spine on real parts: real /proc of this machine, a real KRaft broker, a real schema
 * registry, Confluent wire format on the topics, the exactly-once streams app, and two real child
 * processes, one leaking file descriptors and one opening and closing them.
 */
@ExtendWith(RealServers.class)
class EndToEndTest {
    private static final Duration LEAK_DEADLINE = Duration.ofSeconds(150);
    private static final Duration HEALTHY_WATCH_AFTER_LEAK = Duration.ofSeconds(20);

    @TempDir
    Path stateDir;

    @Test
    void opensAnFdIncidentForTheLeakingChildAndNoneForTheHealthyOne(KafkaServer kafka, RegistryServer registry)
            throws Exception {
        TopicNames names = TopicNames.defaults().withPrefix("e2e.");
        Map<String, Object> kafkaConfig = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        TopicProvisioner.ensure(kafkaConfig, names, 2, (short) 1);
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", registry.url());
        Topic<String, ProcessSample> samples = new Topic<>(names.samples(), Serdes.String(),
                ConfluentAvroSerde.forValues(ProcessSample.class, serdeConfig));
        Topic<String, LeakIncident> incidents = new Topic<>(names.incidents(), Serdes.String(),
                ConfluentAvroSerde.forValues(LeakIncident.class, serdeConfig));

        Process leaking = ChildProcesses.start("fds", 10, 1024);
        Process healthy = ChildProcesses.start("churn-fds", 10, 1024);
        long leakingStart = leaking.info().startInstant().orElseThrow().toEpochMilli();
        List<LeakIncident> seen = new CopyOnWriteArrayList<>();
        Topic<String, ProcessSample> deadLetters = new Topic<>(names.deadLetters(), Serdes.String(), samples.valueSerde());
        try (StreamsApp app = new StreamsApp(LeakwatchTopology.build(samples, new Topic<>(names.hostTicks(), Serdes.String(),
                     ConfluentAvroSerde.forValues(HostTick.class, serdeConfig)), incidents, deadLetters,
                     DetectorSettings.defaults().withFastBucket(Duration.ofSeconds(2))),
                     new StreamsAppSettings("e2e-streams", kafka.bootstrapServers(), stateDir, names, Map.of(), Duration.ofSeconds(20)));
             HostAgent agent = HostAgent.create(AgentSettings.defaults().withTickInterval(Duration.ofSeconds(1)),
                     kafkaConfig, samples);
             IncidentTailer tailer = new IncidentTailer(kafkaConfig, incidents, true)) {
            app.start();
            agent.start();
            long deadline = System.nanoTime() + LEAK_DEADLINE.toNanos();
            long[] stopAt = {Long.MAX_VALUE};
            tailer.run(incident -> {
                seen.add(incident);
                if (incident.getPid() == leaking.pid() && stopAt[0] == Long.MAX_VALUE) {
                    stopAt[0] = System.nanoTime() + HEALTHY_WATCH_AFTER_LEAK.toNanos();
                }
            }, () -> System.nanoTime() < Math.min(deadline, stopAt[0]));
            assertThat(agent.samplesSent()).isPositive();
        } finally {
            ChildProcesses.stop(leaking);
            ChildProcesses.stop(healthy);
        }

        assertThat(seen).filteredOn(incident -> incident.getPid() == leaking.pid())
                .as("incidents of the leaking child, pid %d", leaking.pid())
                .singleElement()
                .satisfies(incident -> {
                    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPENED);
                    assertThat(incident.getResource()).isEqualTo(Resource.OPEN_FDS);
                    assertThat(incident.getStartTime().toEpochMilli()).isEqualTo(leakingStart);
                    assertThat(incident.getIncidentId()).endsWith("/" + leaking.pid() + "/" + leakingStart + "/OPEN_FDS");
                    assertThat(incident.getLimit()).isEqualTo(1024L);
                    assertThat(incident.getSlopePerHour()).isBetween(5_000.0, 40_000.0);
                });
        assertThat(seen).filteredOn(incident -> incident.getPid() == healthy.pid())
                .as("incidents of the healthy child, pid %d", healthy.pid())
                .isEmpty();
    }
}
