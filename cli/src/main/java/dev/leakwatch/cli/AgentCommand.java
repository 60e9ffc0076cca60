package dev.leakwatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.leakwatch.agent.AgentSettings;
import dev.leakwatch.agent.HostAgent;
import dev.leakwatch.cli.config.DurationConverter;
import dev.leakwatch.cli.config.KafkaOptions;
import dev.leakwatch.cli.config.LayeredConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The host agent: samples every process from /proc each tick and publishes the samples to Kafka. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Sample every process of this host from /proc each tick and publish the samples to Kafka.")
final class AgentCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--interval", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "DURATION",
            description = "Time between ticks (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--proc-root", defaultValue = "/proc", paramLabel = "DIR",
            description = "The proc file system to read: /proc on a host, /host/proc in a pod (default ${DEFAULT-VALUE}).")
    Path procRoot;

    @Option(names = "--cgroup-root", defaultValue = "/sys/fs/cgroup", paramLabel = "DIR",
            description = "Where cgroup memory limits are read (default ${DEFAULT-VALUE}).")
    Path cgroupRoot;

    @Option(names = "--host", paramLabel = "NAME", description = "Host name to report (default: the node's name).")
    String host;

    @Override
    public Integer call() throws Exception {
        LayeredConfig config = kafka.resolve();
        AgentSettings settings = AgentSettings.defaults()
                .withProcRoot(procRoot)
                .withCgroupRoot(cgroupRoot)
                .withHostName(host)
                .withTickInterval(interval);
        try (ShutdownSignal signal = new ShutdownSignal();
             HostAgent agent = HostAgent.create(settings, config.kafkaClientConfig(),
                     KafkaOptions.samplesTopic(kafka.topicNames(), config))) {
            agent.start();
            signal.awaitStop(null);
        }
        return 0;
    }
}
