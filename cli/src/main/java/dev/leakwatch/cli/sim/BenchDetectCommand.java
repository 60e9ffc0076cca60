package dev.leakwatch.cli.sim;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.leakwatch.cli.config.DetectorOptions;
import dev.leakwatch.cli.config.DurationConverter;
import dev.leakwatch.json.IncidentJson;
import dev.leakwatch.replay.Replay;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.sim.FleetSimulation;
import dev.leakwatch.sim.FleetSpec;
import dev.leakwatch.sim.GroundTruth;
import dev.leakwatch.sim.GroundTruthJson;
import dev.leakwatch.sim.SampleFileWriter;
import dev.leakwatch.sim.baseline.PredictLinearDetector;
import dev.leakwatch.sim.score.DetectReport;
import dev.leakwatch.sim.score.Scorer;
import dev.leakwatch.sim.score.ScoringSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Scores leakwatch's detector (the production topology, run by replay) and Prometheus'
 * predict_linear rules on the same labelled fleet, side by side.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Score leakwatch's detector and the predict_linear rules on a labelled simulated fleet.",
                "Generates the fleet (seeded), runs the topology over it through replay and the Prometheus rules over",
                "the same samples, scores both against the ground truth and prints one table, also written as",
                "markdown (--report) and JSON (--json)."})
public final class BenchDetectCommand implements Callable<Integer> {
    /** 24 hosts x 8 processes x 3 days of minutely samples: about 830k samples, a couple of minutes on 2 cores. */
    static final int DEFAULT_PROCESSES_PER_HOST = 8;
    static final String LEAKWATCH = "leakwatch";
    static final String PREDICT_LINEAR = "predict_linear";

    @Mixin
    FleetOptions fleet;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--report", defaultValue = "bench-detect.md", paramLabel = "FILE", description = "Markdown table (default ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--json", defaultValue = "bench-detect.json", paramLabel = "FILE", description = "JSON form (default ${DEFAULT-VALUE}).")
    Path json;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Also write the inputs and outputs there: samples.jsonl.gz, truth.jsonl, incidents-leakwatch.jsonl,"
                    + " incidents-predict-linear.jsonl (replay them with 'leakwatch replay').")
    Path keep;

    @Option(names = "--min-observed", converter = DurationConverter.class, defaultValue = "2h", paramLabel = "DURATION",
            description = "A leak counts towards recall once watched this long after onset, or half its life (default ${DEFAULT-VALUE}).")
    Duration minObserved;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FleetSpec fleetSpec = fleet.spec(DEFAULT_PROCESSES_PER_HOST);
        PrintWriter err = spec.commandLine().getErr();
        err.println("bench detect: " + FleetOptions.describe(fleetSpec));
        err.println("bench detect: running leakwatch (replay of the topology) and predict_linear side by side ...");
        err.flush();
        long started = System.nanoTime();

        List<LeakIncident> leakwatchIncidents = new ArrayList<>();
        List<LeakIncident> baselineIncidents = new ArrayList<>();
        FleetSimulation forLeakwatch = new FleetSimulation(fleetSpec);
        CompletableFuture<Double> leakwatch = timed(() -> new Replay(detector.settings()).run(forLeakwatch, leakwatchIncidents::add));
        CompletableFuture<Double> baseline = timed(() ->
                PredictLinearDetector.withDefaultRules().run(new FleetSimulation(fleetSpec), baselineIncidents::add));
        double leakwatchSeconds = await(leakwatch);
        double baselineSeconds = await(baseline);
        List<GroundTruth> truth = forLeakwatch.groundTruth();

        Scorer scorer = new Scorer(new ScoringSettings(minObserved, ScoringSettings.defaults().minObservedShareOfLife()));
        DetectReport result = new DetectReport(fleetSpec, forLeakwatch.samplesEmitted(), truth.size(), List.of(
                new DetectReport.Run(scorer.score(LEAKWATCH, truth, leakwatchIncidents), leakwatchSeconds),
                new DetectReport.Run(scorer.score(PREDICT_LINEAR, truth, baselineIncidents), baselineSeconds)),
                (System.nanoTime() - started) / 1e9);
        String markdown = result.markdown();
        writeFile(report, markdown);
        writeFile(json, result.json());
        if (keep != null) {
            keepInputsAndOutputs(fleetSpec, truth, leakwatchIncidents, baselineIncidents);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(markdown);
        out.flush();
        err.printf(Locale.ROOT, "bench detect: done in %.1f s (leakwatch %.1f s, predict_linear %.1f s, in parallel); table in %s, JSON in %s%n",
                (System.nanoTime() - started) / 1e9, leakwatchSeconds, baselineSeconds, report, json);
        err.flush();
        return 0;
    }

    private void keepInputsAndOutputs(FleetSpec fleetSpec, List<GroundTruth> truth, List<LeakIncident> leakwatchIncidents,
                                      List<LeakIncident> baselineIncidents) throws IOException {
        Files.createDirectories(keep);
        try (SampleFileWriter writer = new SampleFileWriter(keep.resolve("samples.jsonl.gz"))) {
            new FleetSimulation(fleetSpec).forEachRemaining(writer::write);
        }
        GroundTruthJson.write(keep.resolve("truth.jsonl"), truth);
        writeIncidents(keep.resolve("incidents-leakwatch.jsonl"), leakwatchIncidents);
        writeIncidents(keep.resolve("incidents-predict-linear.jsonl"), baselineIncidents);
    }

    private static void writeIncidents(Path file, List<LeakIncident> incidents) throws IOException {
        StringBuilder lines = new StringBuilder();
        incidents.forEach(incident -> lines.append(IncidentJson.format(incident)).append('\n'));
        writeFile(file, lines.toString());
    }

    private static void writeFile(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Runs a detector on its own thread (two cores: the two detectors run side by side) and returns its wall seconds. */
    private static CompletableFuture<Double> timed(Runnable detector) {
        CompletableFuture<Double> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            long started = System.nanoTime();
            try {
                detector.run();
                result.complete((System.nanoTime() - started) / 1e9);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "bench-detect-worker");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private static double await(CompletableFuture<Double> run) throws Exception {
        try {
            return run.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
