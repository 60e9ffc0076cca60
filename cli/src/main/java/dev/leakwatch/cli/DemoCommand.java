package dev.leakwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;

import dev.leakwatch.agent.AgentSettings;
import dev.leakwatch.agent.HostAgent;
import dev.leakwatch.cli.config.DurationConverter;
import dev.leakwatch.cli.config.KafkaOptions;
import dev.leakwatch.cli.config.LayeredConfig;
import dev.leakwatch.cli.demo.ChildProcesses;
import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.embedded.LocalStack;
import dev.leakwatch.sim.FleetSpec;
import dev.leakwatch.sim.LiveFleet;
import dev.leakwatch.embedded.TempDirs;
import dev.leakwatch.streams.LeakwatchTopology;
import dev.leakwatch.streams.app.StreamsApp;
import dev.leakwatch.streams.app.StreamsAppSettings;
import dev.leakwatch.streams.app.TopicProvisioner;
import dev.leakwatch.topic.HostPartitioner;
import dev.leakwatch.topic.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Everything on one laptop: a real broker and registry, the streams app, the agent on this host and
 * a child process that leaks file descriptors (or memory), with incidents printed as they open.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything on this machine and watch a leak being caught.",
                "Starts an embedded broker and registry, the streams app, the agent on this host and a deliberately",
                "leaking child process, and prints incidents as they open. Ctrl-C stops everything."})
final class DemoCommand implements Callable<Integer> {
    private static final int CHILD_FD_LIMIT = 1024;

    @Option(names = "--leak", defaultValue = "fds", description = "What the child leaks: fds or memory (default ${DEFAULT-VALUE}).")
    String leak;

    @Option(names = "--leak-rate", defaultValue = "5", description = "Fds per second, or MiB per second for memory (default ${DEFAULT-VALUE}).")
    double leakRate;

    @Option(names = "--interval", converter = DurationConverter.class, defaultValue = "2s", description = "Agent tick (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Stop by itself after this long (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--exit-after-leak", description = "Stop as soon as the leaking child's incident has been printed.")
    boolean exitAfterLeak;

    @Option(names = "--fleet-hosts", defaultValue = "24",
            description = {"Simulated hosts beside this one (default ${DEFAULT-VALUE}; 0 for none). They run at wall-clock",
                    "time with every scenario 60 times faster, so their leaks and healthy shapes play out in minutes."})
    int fleetHosts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!leak.equals("fds") && !leak.equals("memory")) {
            throw new IllegalArgumentException("--leak must be fds or memory, got '" + leak + "'");
        }
        if (fleetHosts < 0) {
            throw new IllegalArgumentException("--fleet-hosts must not be negative, got " + fleetHosts);
        }
        if (leakRate <= 0) {
            throw new IllegalArgumentException("--leak-rate must be positive, got " + leakRate);
        }
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        out.println("leakwatch demo: starting a Kafka broker and a schema registry on loopback ...");
        out.flush();
        boolean leakSeen;
        // the signal is closed last: a Ctrl-C waits until everything below, temp dirs included, is gone
        try (ShutdownSignal signal = new ShutdownSignal()) {
            Path stateDir = TempDirs.create("leakwatch-demo-state-");
            try (LocalStack stack = LocalStack.start()) {
                leakSeen = watch(stack, stateDir, signal, started, out);
            } finally {
                TempDirs.deleteQuietly(stateDir);
            }
            out.println("leakwatch demo: stopped after " + secondsSince(started) + " s; leaking child's incident "
                    + (leakSeen ? "was" : "was not") + " seen.");
            out.flush();
        }
        return exitAfterLeak && !leakSeen ? LeakwatchCommand.EXIT_RUNTIME_FAILURE : 0;
    }

    /** Runs the app, the agent and the leaking child on the stack and prints incidents; true once the child's was seen. */
    private boolean watch(LocalStack stack, Path stateDir, ShutdownSignal signal, long started, PrintWriter out) {
        TopicNames names = TopicNames.defaults();
        LayeredConfig config = new KafkaOptions().pointAt(stack.bootstrapServers(), stack.registryUrl()).resolve();
        TopicProvisioner.ensure(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), names, 2, (short) 1);
        Process child = null;
        LiveFleet fleet = null;
        try (StreamsApp app = new StreamsApp(LeakwatchTopology.build(KafkaOptions.samplesTopic(names, config), KafkaOptions.hostTicksTopic(names, config),
                     KafkaOptions.incidentsTopic(names, config), KafkaOptions.deadLettersTopic(names, config),
                     DetectorSettings.defaults().withFastBucket(interval.multipliedBy(2))),
                     streamsSettings(stack.bootstrapServers(), stateDir, names));
             // the agent sends whole host ticks as in production; the simulated fleet below sends single samples
             HostAgent agent = HostAgent.createPublishingHostTicks(AgentSettings.defaults().withTickInterval(interval),
                     agentProducerConfig(config), KafkaOptions.hostTicksTopic(names, config));
             IncidentTailer tailer = new IncidentTailer(config.kafkaClientConfig(), KafkaOptions.incidentsTopic(names, config), true)) {
            app.start();
            child = ChildProcesses.start(leak, leakRate, CHILD_FD_LIMIT);
            agent.start();
            fleet = fleetHosts == 0 ? null : LiveFleet.start(FleetSpec.demo(Instant.now(), fleetHosts, 4, 42),
                    agentProducerConfig(config), KafkaOptions.samplesTopic(names, config));
            out.printf("broker %s, registry %s%n", stack.bootstrapServers(), stack.registryUrl());
            if (fleet != null) {
                out.printf("simulated fleet: %d hosts x 4 processes (leaks and healthy shapes, 60x faster), tagged below%n", fleetHosts);
            }
            out.printf("agent samples every process of host %s every %d ms; the leaking child is pid %d (%s, %s/s, fd limit %d)%n",
                    agent.host(), interval.toMillis(), child.pid(), leak, leakRate, CHILD_FD_LIMIT);
            out.println("incidents (Ctrl-C to stop):");
            out.flush();
            long childPid = child.pid();
            long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
            boolean[] seen = {false};
            LiveFleet simulated = fleet;
            tailer.run(incident -> {
                boolean fromChild = incident.getPid() == childPid && incident.getHost().equals(agent.host());
                String tag = fromChild ? "   <- the demo's leaking child, " + secondsSince(started) + " s after start"
                        : simulatedTag(simulated, incident);
                out.println(IncidentText.of(incident) + tag);
                out.flush();
                seen[0] |= fromChild;
            }, () -> !signal.stopRequested() && System.nanoTime() < deadline && !(exitAfterLeak && seen[0]));
            return seen[0];
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            ChildProcesses.stop(child);
            out.println("leakwatch demo: stopping ...");
            out.flush();
        }
    }

    /** What a simulated process was labelled, so the reader can judge the verdict. */
    private static String simulatedTag(LiveFleet fleet, dev.leakwatch.schema.LeakIncident incident) {
        if (fleet == null) {
            return "";
        }
        return fleet.scenarioOf(incident.getHost(), incident.getPid(), incident.getStartTime().toEpochMilli())
                .map(scenario -> "   <- simulated " + scenario.label() + (scenario.leaks() ? "" : " (healthy: a false alarm)"))
                .orElse("");
    }

    /** All of a host's samples on one partition, so the app can tell an exited process from a silent host. */
    private static Map<String, Object> agentProducerConfig(LayeredConfig config) {
        Map<String, Object> producer = new TreeMap<>(config.kafkaClientConfig());
        producer.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, HostPartitioner.class.getName());
        return producer;
    }

    private static StreamsAppSettings streamsSettings(String bootstrap, Path stateDir, TopicNames names) {
        Map<String, String> kafka = new TreeMap<>();
        kafka.put("commit.interval.ms", "500");
        return new StreamsAppSettings("leakwatch-demo", bootstrap, stateDir, names, kafka, Duration.ofSeconds(20));
    }

    private static long secondsSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
