package dev.leakwatch.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.streams.LeakwatchTopology;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;
import dev.leakwatch.topic.TopicNames;

/**
 * Runs the production topology in-process over recorded samples, with event time from the samples
 * themselves, so days of telemetry replay in seconds and give the answer the live app would.
 */
public final class Replay {
    private static final String APPLICATION_ID = "leakwatch-replay";
    private static final int CHANGELOG_DRAIN_EVERY = 10_000;
    private final DetectorSettings settings;

    public Replay(DetectorSettings settings) {
        this.settings = settings;
    }

    /** What a replay did. */
    public record Summary(long samples, long incidents, long deadLetters) {
    }

    /**
     * Feeds every sample, in the order given, and hands each incident to {@code sink} as soon as it
     * is emitted; samples the topology rejects are counted as dead letters.
     */
    public Summary run(Iterator<ProcessSample> samples, Consumer<LeakIncident> sink) {
        TopicNames names = TopicNames.defaults();
        Topic<String, ProcessSample> sampleTopic = new Topic<>(names.samples(), Serdes.String(), AvroBinarySerde.of(ProcessSample.class));
        Topic<String, LeakIncident> incidentTopic = new Topic<>(names.incidents(), Serdes.String(), AvroBinarySerde.of(LeakIncident.class));
        Topic<String, ProcessSample> deadLetterTopic = new Topic<>(names.deadLetters(), sampleTopic.keySerde(), sampleTopic.valueSerde());
        Path stateDir = createStateDir();
        long count = 0;
        long incidents = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(
                LeakwatchTopology.build(sampleTopic,
                new Topic<>(names.hostTicks(), Serdes.String(), AvroBinarySerde.of(HostTick.class)), incidentTopic, deadLetterTopic, settings), driverConfig(stateDir))) {
            TestInputTopic<String, ProcessSample> input = driver.createInputTopic(sampleTopic.name(),
                    sampleTopic.keySerde().serializer(), sampleTopic.valueSerde().serializer());
            TestOutputTopic<String, LeakIncident> output = driver.createOutputTopic(incidentTopic.name(),
                    incidentTopic.keySerde().deserializer(), incidentTopic.valueSerde().deserializer());
            TestOutputTopic<String, ProcessSample> deadLetters = driver.createOutputTopic(deadLetterTopic.name(),
                    deadLetterTopic.keySerde().deserializer(), deadLetterTopic.valueSerde().deserializer());
            List<TestOutputTopic<byte[], byte[]>> changelogs = changelogsOf(driver);
            while (samples.hasNext()) {
                ProcessSample sample = samples.next();
                input.pipeInput(ProcessKey.of(sample), sample, sample.getTimestamp());
                count++;
                while (!output.isEmpty()) {
                    sink.accept(output.readValue());
                    incidents++;
                }
                if (count % CHANGELOG_DRAIN_EVERY == 0) {
                    changelogs.forEach(TestOutputTopic::readRecordsToList); // the driver keeps every record until read
                }
            }
            return new Summary(count, incidents, deadLetters.getQueueSize());
        }
    }

    private static List<TestOutputTopic<byte[], byte[]>> changelogsOf(TopologyTestDriver driver) {
        List<TestOutputTopic<byte[], byte[]>> changelogs = new ArrayList<>();
        for (String store : List.of(LeakwatchTopology.PROCESS_STORE, LeakwatchTopology.HOST_STORE, LeakwatchTopology.SERVICE_STORE)) {
            changelogs.add(driver.createOutputTopic(APPLICATION_ID + "-" + store + "-changelog",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }
        return changelogs;
    }

    private static Properties driverConfig(Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        return config;
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("leakwatch-replay-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a state dir for replay", e);
        }
    }

}
