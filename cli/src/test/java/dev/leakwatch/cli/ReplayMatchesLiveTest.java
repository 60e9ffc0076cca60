package dev.leakwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.embedded.KafkaServer;
import dev.leakwatch.embedded.RealServers;
import dev.leakwatch.embedded.RegistryServer;
import dev.leakwatch.json.IncidentJson;
import dev.leakwatch.replay.AvroBinarySerde;
import dev.leakwatch.replay.Replay;
import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;
import dev.leakwatch.serde.ConfluentAvroSerde;
import dev.leakwatch.streams.LeakwatchTopology;
import dev.leakwatch.streams.app.StreamsApp;
import dev.leakwatch.streams.app.StreamsAppSettings;
import dev.leakwatch.streams.app.TopicProvisioner;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;
import dev.leakwatch.topic.TopicNames;

/**
 * {@code leakwatch replay} and the live app on a real broker give the same incidents for the same
 * samples, even when the live app is stopped halfway and a new instance resumes from its changelog.
 */
@ExtendWith(RealServers.class)
class ReplayMatchesLiveTest {
    private static final long START = Instant.now().minus(Duration.ofHours(3)).toEpochMilli() / 1000 * 1000;
    private static final long STEP = 15_000;
    private static final int TICKS = 480; // two hours

    @TempDir
    Path stateDir;

    @Test
    void replayAndTheLiveAppAcrossARestartEmitTheSameIncidents(KafkaServer kafka, RegistryServer registry) throws Exception {
        List<ProcessSample> samples = fleet();
        List<String> replayed = new ArrayList<>();
        new Replay(DetectorSettings.defaults()).run(samples.iterator(), incident -> replayed.add(IncidentJson.format(incident)));
        assertThat(replayed).as("the fleet must produce incidents to compare").hasSizeGreaterThanOrEqualTo(3);

        TopicNames names = TopicNames.defaults().withPrefix("replay-vs-live.");
        Map<String, Object> kafkaConfig = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        TopicProvisioner.ensure(kafkaConfig, names, 1, (short) 1);
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", registry.url());
        Topic<String, ProcessSample> sampleTopic = new Topic<>(names.samples(), Serdes.String(),
                ConfluentAvroSerde.forValues(ProcessSample.class, serdeConfig));
        Topic<String, LeakIncident> incidentTopic = new Topic<>(names.incidents(), Serdes.String(),
                ConfluentAvroSerde.forValues(LeakIncident.class, serdeConfig));
        Topic<String, ProcessSample> deadLetters = new Topic<>(names.deadLetters(), Serdes.String(), sampleTopic.valueSerde());
        StreamsAppSettings settings = new StreamsAppSettings("replay-vs-live", kafka.bootstrapServers(), stateDir, names,
                Map.of("commit.interval.ms", "200"), Duration.ofSeconds(20));

        int half = samples.size() / 2;
        produce(kafka, sampleTopic, samples.subList(0, half));
        runUntilCaughtUp(kafka, sampleTopic, deadLetters, incidentTopic, settings, half);
        produce(kafka, sampleTopic, samples.subList(half, samples.size()));
        runUntilCaughtUp(kafka, sampleTopic, deadLetters, incidentTopic, settings, samples.size());

        List<String> live = new ArrayList<>();
        try (IncidentTailer tailer = new IncidentTailer(kafkaConfig, incidentTopic, true)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            tailer.run(incident -> live.add(IncidentJson.format(incident)),
                    () -> live.size() < replayed.size() && System.nanoTime() < deadline);
        }
        // the same incidents, and for each incident id the same transitions in the same order
        // (across ids, the order can differ: the exit sweep runs on its own stream-time schedule)
        assertThat(live).containsExactlyInAnyOrderElementsOf(replayed);
        assertThat(byIncident(live)).isEqualTo(byIncident(replayed));
    }

    private static Map<String, List<String>> byIncident(List<String> incidents) {
        Map<String, List<String>> byId = new java.util.TreeMap<>();
        for (String json : incidents) {
            byId.computeIfAbsent(IncidentJson.parse(json).getIncidentId(), id -> new ArrayList<>()).add(json);
        }
        return byId;
    }

    private static void runUntilCaughtUp(KafkaServer kafka, Topic<String, ProcessSample> samples, Topic<String, ProcessSample> deadLetters,
                                         Topic<String, LeakIncident> incidents, StreamsAppSettings settings, long expectedOffset)
            throws Exception {
        try (StreamsApp app = new StreamsApp(LeakwatchTopology.build(samples, new Topic<>(settings.topics().hostTicks(), Serdes.String(),
                AvroBinarySerde.of(HostTick.class)),
                incidents, deadLetters, DetectorSettings.defaults()),
                settings);
             Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            app.start();
            TopicPartition partition = new TopicPartition(samples.name(), 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(settings.applicationId())
                        .partitionsToOffsetAndMetadata().get().get(partition);
                if (committed != null && committed.offset() >= expectedOffset) {
                    return;
                }
                Thread.sleep(200);
            }
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
            throw new AssertionError("the live app did not catch up to offset " + expectedOffset + " (end " + end + ")");
        }
    }

    private static void produce(KafkaServer kafka, Topic<String, ProcessSample> topic, List<ProcessSample> samples) throws Exception {
        try (KafkaProducer<String, ProcessSample> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (ProcessSample sample : samples) {
                producer.send(new ProducerRecord<>(topic.name(), null, sample.getTimestamp().toEpochMilli(), ProcessKey.of(sample), sample));
            }
            producer.flush();
        }
    }

    /** An fd leak, a CLOSE_WAIT pile-up that stops growing, a memory leak that dies (OOM), and a healthy process. */
    private static List<ProcessSample> fleet() {
        List<ProcessSample> samples = new ArrayList<>();
        for (int i = 0; i < TICKS; i++) {
            long now = START + i * STEP;
            samples.add(sample(101, now, 300 + 2 * i, null, 400L << 20));
            int closeWait = Math.min(i, 200) * 2;
            samples.add(sample(102, now, 100 + closeWait, TcpStateCounts.newBuilder().setEstablished(30).setCloseWait(closeWait).build(),
                    300L << 20));
            if (i < 300) {
                samples.add(sample(103, now, 50, null, (200L << 20) + i * (3L << 20)));
            }
            samples.add(sample(104, now, 80 + i % 3, null, (250L << 20) + (i % 7) * (1L << 20)));
        }
        return samples;
    }

    private static ProcessSample sample(int pid, long timestamp, int fds, TcpStateCounts tcp, long rss) {
        return ProcessSample.newBuilder().setHost("live-1").setPid(pid).setStartTime(Instant.ofEpochMilli(START - 60_000))
                .setTimestamp(Instant.ofEpochMilli(timestamp)).setComm("svc" + pid).setRssBytes(rss)
                .setMemoryLimitBytes(1L << 30).setFdCount(fds).setFdLimit(4096L).setThreads(12).setTcp(tcp).build();
    }
}
