package dev.leakwatch.cli.sim;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.leakwatch.cli.config.DetectorOptions;
import dev.leakwatch.cli.config.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Measures the streams app against a bare consumer on an embedded broker and registry. */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = {"Measure the streams app's throughput, latency and state size on an embedded broker.",
                "Produces simulated samples, reads them with a bare consumer that only deserialises, then lets the",
                "exactly-once streams app process them to completion; then a paced phase for latency. Quote the",
                "figures as ratios: absolute rates depend on the machine."})
public final class BenchThroughputCommand implements Callable<Integer> {
    @Option(names = "--samples", defaultValue = "3000000", paramLabel = "N", description = "Samples in the backlog (default ${DEFAULT-VALUE}).")
    long samples;

    @Option(names = "--processes", defaultValue = "2000", paramLabel = "N", description = "Simulated processes, 20 per host (default ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--partitions", defaultValue = "4", paramLabel = "N", description = "Partitions of the samples topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--step-seconds", defaultValue = "60", paramLabel = "SECONDS", description = "Sampling interval of the simulated fleet (default ${DEFAULT-VALUE}).")
    long stepSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated fleet (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--latency-rate", defaultValue = "2000", paramLabel = "PER_SECOND",
            description = "Samples per second in the paced latency phase (default ${DEFAULT-VALUE}).")
    int latencyRate;

    @Option(names = "--latency-phase", converter = DurationConverter.class, defaultValue = "20s", paramLabel = "DURATION",
            description = "Length of the paced latency phase (default ${DEFAULT-VALUE}).")
    Duration latencyPhase;

    @Option(names = "--report", defaultValue = "bench-throughput.md", paramLabel = "FILE", description = "Markdown table (default ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--json", defaultValue = "bench-throughput.json", paramLabel = "FILE", description = "JSON form (default ${DEFAULT-VALUE}).")
    Path json;

    @Option(names = "--transaction-version", paramLabel = "1|2",
            description = "Set the embedded broker's transaction.version feature first (default: the broker's own, 2 on Kafka 4.x).")
    Short transactionVersion;

    @Option(names = "--form", defaultValue = "host-ticks", paramLabel = "host-ticks|samples",
            description = "Backlog as one record per host tick (leakwatch.host-ticks) or one per process sample (leakwatch.samples) (default ${DEFAULT-VALUE}).")
    String form;

    @Option(names = "--stream-threads", defaultValue = "1", paramLabel = "N",
            description = "Stream threads of the one streams-app instance (num.stream.threads, default ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(names = "--baseline-streams",
            description = {"Also run the backlog through an ingest-only streams app (same exactly-once settings, topics, serdes,",
                    "host-tick split and validation; no detection, no state store): the ceiling for a streams app here."})
    boolean baselineStreams;

    @Mixin
    DetectorOptions detector;

    @Spec
    CommandSpec spec;

    private ThroughputBench.RecordForm recordForm() {
        for (ThroughputBench.RecordForm candidate : ThroughputBench.RecordForm.values()) {
            if (candidate.flag().equals(form)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("--form must be host-ticks or samples, got " + form);
    }

    @Override
    public Integer call() throws Exception {
        if (stepSeconds < 1) {
            throw new IllegalArgumentException("--step-seconds must be at least 1, got " + stepSeconds);
        }
        ThroughputBench.Settings settings = new ThroughputBench.Settings(samples, processes, partitions, Duration.ofSeconds(stepSeconds), seed,
                latencyPhase, latencyRate, detector.settings(), transactionVersion, recordForm(), streamThreads,
                baselineStreams);
        ThroughputResult result = new ThroughputBench(settings, spec.commandLine().getErr()).run();
        String markdown = result.markdown();
        write(report, markdown);
        write(json, result.json());
        PrintWriter out = spec.commandLine().getOut();
        out.println(markdown);
        out.flush();
        spec.commandLine().getErr().println("bench throughput: table in " + report + ", JSON in " + json);
        spec.commandLine().getErr().flush();
        return 0;
    }

    private static void write(Path file, String text) throws java.io.IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
