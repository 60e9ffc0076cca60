package dev.leakwatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import dev.leakwatch.cli.config.DetectorOptions;
import dev.leakwatch.cli.config.KafkaOptions;
import dev.leakwatch.cli.config.LayeredConfig;
import dev.leakwatch.streams.LeakwatchTopology;
import dev.leakwatch.streams.app.StreamsApp;
import dev.leakwatch.streams.app.StreamsAppSettings;
import dev.leakwatch.streams.app.TopicProvisioner;
import dev.leakwatch.topic.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One instance of the streams app; run more instances with the same application id to scale out. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run the leak-detection streams app against a Kafka cluster until Ctrl-C or SIGTERM.")
final class StreamsCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--application-id", defaultValue = StreamsAppSettings.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id; instances sharing it split the partitions (default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where local state lives (default: <tmp>/leakwatch-streams).")
    Path stateDir;

    @Option(names = "--create-topics", description = "Create missing topics (samples, compacted incidents, dead letters).")
    boolean createTopics;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions for topics created by --create-topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        LayeredConfig config = kafka.resolve();
        TopicNames names = kafka.topicNames();
        if (createTopics) {
            TopicProvisioner.ensure(config.kafkaClientConfig(), names, partitions, (short) -1);
        }
        StreamsAppSettings settings = settings(config, names);
        try (ShutdownSignal signal = new ShutdownSignal();
             StreamsApp app = new StreamsApp(LeakwatchTopology.build(KafkaOptions.samplesTopic(names, config), KafkaOptions.hostTicksTopic(names, config),
                     KafkaOptions.incidentsTopic(names, config), KafkaOptions.deadLettersTopic(names, config),
                     detector.settings()), settings)) {
            app.start();
            signal.awaitStop(null);
        }
        return 0;
    }

    private StreamsAppSettings settings(LayeredConfig config, TopicNames names) {
        Map<String, String> kafkaProps = new TreeMap<>();
        config.kafkaClientConfig().forEach((k, v) -> kafkaProps.put(k, String.valueOf(v)));
        Path dir = stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"), "leakwatch-streams");
        return new StreamsAppSettings(applicationId, config.require("bootstrap.servers", "pass --bootstrap-servers"),
                dir, names, kafkaProps, Duration.ofSeconds(30));
    }
}
