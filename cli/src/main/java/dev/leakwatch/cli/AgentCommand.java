package dev.leakwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.leakwatch.agent.AgentSettings;
import dev.leakwatch.agent.HostAgent;
import dev.leakwatch.agent.ProcessSampler;
import dev.leakwatch.agent.SamplerTick;
import dev.leakwatch.agent.identity.ServiceRules;
import dev.leakwatch.agent.metrics.MetricsServer;
import dev.leakwatch.agent.select.ProcessSelection;
import dev.leakwatch.cli.agent.ByteSizeConverter;
import dev.leakwatch.cli.agent.MetricsAddressConverter;
import dev.leakwatch.cli.config.DurationConverter;
import dev.leakwatch.cli.config.KafkaOptions;
import dev.leakwatch.cli.config.LayeredConfig;
import dev.leakwatch.json.SampleJson;
import dev.leakwatch.schema.ProcessSample;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The host agent: samples every process from /proc each tick and publishes the samples to Kafka,
 * or prints one tick as JSON Lines with {@code --once}. Flags override {@code LEAKWATCH_AGENT_*}
 * environment variables, which override the defaults; see producers/AGENT.md.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample every process of this host from /proc each tick and publish the samples to Kafka.",
                "With --once, print one tick as JSON Lines instead, without Kafka."},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  stopped by SIGTERM or Ctrl-C after flushing, or --once printed its tick",
                "  1  failed at run time: the proc root cannot be read, Kafka or the registry refused the client",
                "  2  bad flags or configuration (the message names the flag or key)"})
final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--interval", converter = DurationConverter.class, defaultValue = "${env:LEAKWATCH_AGENT_INTERVAL:-5s}",
            paramLabel = "DURATION", description = "Time between ticks (default ${DEFAULT-VALUE}; env LEAKWATCH_AGENT_INTERVAL).")
    Duration interval;

    @Option(names = "--publish", defaultValue = "${env:LEAKWATCH_AGENT_PUBLISH:-host-ticks}", paramLabel = "host-ticks|samples",
            description = "host-ticks: one record per tick with all of this host's samples, keyed by host, to --host-ticks-topic; "
                    + "samples: one record per process keyed host/pid/start_time, to --samples-topic (default ${DEFAULT-VALUE}).")
    String publish;

    @Option(names = "--once", description = "Sample one tick, print it to stdout as JSON Lines and exit; no Kafka needed.")
    boolean once;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Output of --once: ${COMPLETION-CANDIDATES} (default json).")
    Format format;

    @Option(names = "--proc-root", defaultValue = "${env:LEAKWATCH_AGENT_PROC_ROOT:-/proc}", paramLabel = "DIR",
            description = "The proc file system to read: /proc on a host, /host/proc in a pod (default ${DEFAULT-VALUE}).")
    Path procRoot;

    @Option(names = "--cgroup-root", defaultValue = "${env:LEAKWATCH_AGENT_CGROUP_ROOT:-/sys/fs/cgroup}", paramLabel = "DIR",
            description = "Where cgroup memory limits are read (default ${DEFAULT-VALUE}).")
    Path cgroupRoot;

    @Option(names = "--host", defaultValue = "${env:LEAKWATCH_AGENT_HOST}", paramLabel = "NAME",
            description = "Host name to report (default: the node's name from <proc-root>/sys/kernel/hostname).")
    String host;

    @Option(names = "--passwd-file", defaultValue = "${env:LEAKWATCH_AGENT_PASSWD_FILE:-/etc/passwd}", paramLabel = "FILE",
            description = "Where user names of --include-user/--exclude-user are looked up (default ${DEFAULT-VALUE}).")
    Path passwdFile;

    @Option(names = "--cmdline-max-chars", defaultValue = "${env:LEAKWATCH_AGENT_CMDLINE_MAX_CHARS:-512}", paramLabel = "N",
            description = "Cut command lines to this many characters (default ${DEFAULT-VALUE}).")
    int cmdlineMaxChars;

    @Option(names = "--include-comm", paramLabel = "REGEX", description = "Publish only processes whose comm matches one of these.")
    List<String> includeComm = new ArrayList<>();

    @Option(names = "--exclude-comm", paramLabel = "REGEX", description = "Leave out processes whose comm matches.")
    List<String> excludeComm = new ArrayList<>();

    @Option(names = "--include-cmdline", paramLabel = "REGEX", description = "Publish only processes whose command line matches one of these.")
    List<String> includeCmdline = new ArrayList<>();

    @Option(names = "--exclude-cmdline", paramLabel = "REGEX", description = "Leave out processes whose command line matches.")
    List<String> excludeCmdline = new ArrayList<>();

    @Option(names = "--include-user", paramLabel = "USER", description = "Publish only processes of these users (names or uids).")
    List<String> includeUsers = new ArrayList<>();

    @Option(names = "--exclude-user", paramLabel = "USER", description = "Leave out processes of these users (names or uids).")
    List<String> excludeUsers = new ArrayList<>();

    @Option(names = "--always-include", paramLabel = "REGEX",
            description = "Always publish processes whose comm or command line matches, whatever the cap and the minimum RSS.")
    List<String> alwaysInclude = new ArrayList<>();

    @Option(names = "--min-rss", converter = ByteSizeConverter.class, defaultValue = "${env:LEAKWATCH_AGENT_MIN_RSS:-0}", paramLabel = "SIZE",
            description = "Leave out processes with less resident memory, e.g. 10MiB (default ${DEFAULT-VALUE}).")
    long minRss;

    @Option(names = "--max-processes", defaultValue = "${env:LEAKWATCH_AGENT_MAX_PROCESSES:-1000}", paramLabel = "N",
            description = "Publish at most the N largest processes by RSS, besides --always-include ones (default ${DEFAULT-VALUE}).")
    int maxProcesses;

    @Option(names = "--include-kernel-threads", description = "Publish kernel threads too (they own no memory, files or sockets).")
    boolean includeKernelThreads;

    @Option(names = "--service-rule", paramLabel = "RULE",
            description = "How to name a process's service, first match wins; replaces the defaults. Rules: env:NAME, systemd-unit, "
                    + "cgroup:REGEX, cmdline:REGEX, comm:REGEX, comm; 'none' for no rule. "
                    + "Default: env:OTEL_SERVICE_NAME, env:SERVICE_NAME, systemd-unit.")
    List<String> serviceRules = new ArrayList<>();

    @Option(names = "--version-rule", paramLabel = "RULE",
            description = "How to name a process's version, first match wins; replaces the defaults. Rules: env:NAME, cgroup:REGEX, "
                    + "cmdline:REGEX, comm:REGEX, exe-build-id, exe-mtime; 'none' for no rule. "
                    + "Default: env:SERVICE_VERSION, env:OTEL_SERVICE_VERSION, exe-build-id, exe-mtime.")
    List<String> versionRules = new ArrayList<>();

    @Option(names = "--static-refresh", converter = DurationConverter.class, defaultValue = "${env:LEAKWATCH_AGENT_STATIC_REFRESH:-1m}",
            paramLabel = "DURATION",
            description = "Re-read command line, uid, limits, cgroup, namespace, service and version this often; 0s for every tick (default ${DEFAULT-VALUE}).")
    Duration staticRefresh;

    @Option(names = "--socket-refresh", converter = DurationConverter.class, defaultValue = "${env:LEAKWATCH_AGENT_SOCKET_REFRESH:-5m}",
            paramLabel = "DURATION",
            description = "Re-read every process's descriptor links (to find its sockets) at least this often; between, they are re-read "
                    + "only when something may have changed (fd count, an unknown socket in its network namespace, a known one gone); "
                    + "0s for every tick (default ${DEFAULT-VALUE}).")
    Duration socketRefresh;

    @Option(names = "--buffer-size", converter = ByteSizeConverter.class, defaultValue = "${env:LEAKWATCH_AGENT_BUFFER_SIZE:-16MiB}",
            paramLabel = "SIZE", description = "Samples that may wait while the broker is unreachable; beyond it the oldest are dropped (default ${DEFAULT-VALUE}).")
    long bufferBytes;

    @Option(names = "--metrics-address", converter = MetricsAddressConverter.class,
            defaultValue = "${env:LEAKWATCH_AGENT_METRICS_ADDRESS:-0.0.0.0:9469}", paramLabel = "HOST:PORT",
            description = "Where /metrics and /healthz listen, or 'off' (default ${DEFAULT-VALUE}).")
    InetSocketAddress metricsAddress;

    @Option(names = "--summary-every", converter = DurationConverter.class, defaultValue = "${env:LEAKWATCH_AGENT_SUMMARY_EVERY:-1m}",
            paramLabel = "DURATION", description = "How often a one-line summary of the counters is logged (default ${DEFAULT-VALUE}).")
    Duration summaryEvery;

    @Option(names = "--shutdown-timeout", converter = DurationConverter.class, defaultValue = "10s", paramLabel = "DURATION",
            description = "On SIGTERM, how long buffered samples may take to reach the broker (default ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    enum Format { json }

    @Override
    public Integer call() throws Exception {
        if (format != null && !once) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format applies to --once only");
        }
        publishesHostTicks(); // a bad --publish fails before anything starts
        final AgentSettings settings = settings();
        if (once) {
            return printOneTick(settings);
        }
        final LayeredConfig config = kafka.resolve();
        checkProcRoot(settings.procRoot());
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        final PrintWriter out = spec.commandLine().getOut();
        try (ShutdownSignal signal = new ShutdownSignal();
             HostAgent agent = publishesHostTicks()
                     ? HostAgent.createPublishingHostTicks(settings, config.kafkaClientConfig(), KafkaOptions.hostTicksTopic(kafka.topicNames(), config))
                     : HostAgent.create(settings, config.kafkaClientConfig(), KafkaOptions.samplesTopic(kafka.topicNames(), config));
             MetricsServer metrics = metricsAddress == null ? null : MetricsServer.start(metricsAddress, registry, agent::isHealthy)) {
            agent.bindTo(registry);
            agent.start();
            out.printf("agent for host %s: a tick every %d ms to %s%s%n", agent.host(), interval.toMillis(),
                    publishesHostTicks() ? kafka.topicNames().hostTicks() : kafka.topicNames().samples(),
                    metrics == null ? "" : "; /metrics and /healthz on " + metrics.address().getHostString() + ":" + metrics.address().getPort());
            out.flush();
            signal.awaitStop(null);
            agent.close(shutdownTimeout);
        }
        return 0;
    }

    private boolean publishesHostTicks() {
        return switch (publish) {
            case "host-ticks" -> true;
            case "samples" -> false;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--publish must be host-ticks or samples, got " + publish);
        };
    }

    private int printOneTick(AgentSettings settings) throws IOException {
        checkProcRoot(settings.procRoot());
        final SamplerTick tick = new ProcessSampler(settings.withStaticRefresh(Duration.ZERO)).tick(Instant.now());
        final PrintWriter out = spec.commandLine().getOut();
        for (ProcessSample sample : tick.samples()) {
            out.println(SampleJson.format(sample));
        }
        out.flush();
        return 0;
    }

    /** Fails fast, with the fix, when the proc root is not a readable proc file system. */
    private static void checkProcRoot(Path procRoot) throws IOException {
        if (!Files.isReadable(procRoot.resolve("stat")) || !Files.isDirectory(procRoot)) {
            throw new IOException("cannot read the proc root " + procRoot + " (no readable " + procRoot.resolve("stat")
                    + "); on a host it is /proc, in a pod mount the host's /proc (e.g. at /host/proc) and pass --proc-root");
        }
    }

    AgentSettings settings() {
        final ProcessSelection selection = ProcessSelection.all()
                .withIncludeComm(includeComm).withExcludeComm(excludeComm)
                .withIncludeCmdline(includeCmdline).withExcludeCmdline(excludeCmdline)
                .withIncludeUsers(includeUsers).withExcludeUsers(excludeUsers)
                .withAlwaysInclude(alwaysInclude).withMinRssBytes(minRss).withMaxProcesses(maxProcesses);
        ServiceRules rules = ServiceRules.defaults();
        if (!serviceRules.isEmpty()) {
            rules = rules.withService(withoutNone(serviceRules));
        }
        if (!versionRules.isEmpty()) {
            rules = rules.withVersion(withoutNone(versionRules));
        }
        return AgentSettings.defaults()
                .withProcRoot(procRoot)
                .withCgroupRoot(cgroupRoot)
                .withHostName(host == null || host.isBlank() ? null : host)
                .withTickInterval(interval)
                .withSkipKernelThreads(!includeKernelThreads)
                .withCmdlineMaxChars(cmdlineMaxChars)
                .withSelection(selection)
                .withServiceRules(rules)
                .withStaticRefresh(staticRefresh)
                .withSocketRefresh(socketRefresh)
                .withPasswdFile(passwdFile)
                .withBufferBytes(bufferBytes)
                .withSummaryEvery(summaryEvery);
    }

    private static List<String> withoutNone(List<String> rules) {
        return rules.size() == 1 && rules.get(0).equalsIgnoreCase("none") ? List.of() : rules;
    }
}
