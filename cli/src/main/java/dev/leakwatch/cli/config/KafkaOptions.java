package dev.leakwatch.cli.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.serialization.Serdes;

import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.serde.ConfluentAvroSerde;
import dev.leakwatch.topic.Topic;
import dev.leakwatch.topic.TopicNames;
import picocli.CommandLine.Option;

/** The options every Kafka-facing subcommand shares: where the cluster and the registry are, and topic names. */
public final class KafkaOptions {
    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (else bootstrap.servers from --config or KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry (Confluent, Apicurio /apis/ccompat/v7, Karapace).")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: Kafka client settings (security.protocol, sasl.*, ssl.*) and schema.registry.*, basic.auth.*.")
    Path configFile;

    @Option(names = "--samples-topic", defaultValue = TopicNames.DEFAULT_SAMPLES, description = "Default: ${DEFAULT-VALUE}.")
    String samplesTopic;

    @Option(names = "--host-ticks-topic", defaultValue = TopicNames.DEFAULT_HOST_TICKS,
            description = "Whole host ticks, one record per host per tick, keyed by host. Default: ${DEFAULT-VALUE}.")
    String hostTicksTopic;

    @Option(names = "--incidents-topic", defaultValue = TopicNames.DEFAULT_INCIDENTS, description = "Default: ${DEFAULT-VALUE}.")
    String incidentsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = TopicNames.DEFAULT_DEAD_LETTERS, description = "Default: ${DEFAULT-VALUE}.")
    String deadLetterTopic;

    public KafkaOptions() {
    }

    /** For commands that start their own cluster (demo) and set these themselves. */
    public KafkaOptions pointAt(String bootstrap, String registryUrl) {
        this.bootstrapServers = bootstrap;
        this.schemaRegistryUrl = registryUrl;
        return this;
    }

    public LayeredConfig resolve() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        flags.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        LayeredConfig config = LayeredConfig.resolve(Map.of(), configFile, System.getenv(), flags);
        config.require(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "pass --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS");
        config.require(SCHEMA_REGISTRY_URL, "pass --schema-registry-url or set LEAKWATCH_SCHEMA_REGISTRY_URL");
        return config;
    }

    public TopicNames topicNames() {
        return new TopicNames(samplesTopic, hostTicksTopic, incidentsTopic, TopicNames.DEFAULT_FLEET_INCIDENTS, deadLetterTopic);
    }

    public static Topic<String, ProcessSample> samplesTopic(TopicNames names, LayeredConfig config) {
        return new Topic<>(names.samples(), Serdes.String(), ConfluentAvroSerde.forValues(ProcessSample.class, config.serdeConfig()));
    }

    public static Topic<String, HostTick> hostTicksTopic(TopicNames names, LayeredConfig config) {
        return new Topic<>(names.hostTicks(), Serdes.String(), ConfluentAvroSerde.forValues(HostTick.class, config.serdeConfig()));
    }

    /** Dead letters keep the samples' serdes: a rejected sample is stored as it came. */
    public static Topic<String, ProcessSample> deadLettersTopic(TopicNames names, LayeredConfig config) {
        return new Topic<>(names.deadLetters(), Serdes.String(), ConfluentAvroSerde.forValues(ProcessSample.class, config.serdeConfig()));
    }

    public static Topic<String, LeakIncident> incidentsTopic(TopicNames names, LayeredConfig config) {
        return new Topic<>(names.incidents(), Serdes.String(), ConfluentAvroSerde.forValues(LeakIncident.class, config.serdeConfig()));
    }
}
