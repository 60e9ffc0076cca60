package dev.leakwatch.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

import dev.leakwatch.cli.config.DetectorOptions;
import dev.leakwatch.json.IncidentJson;
import dev.leakwatch.json.SampleJson;
import dev.leakwatch.replay.Replay;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.sim.baseline.PredictLinearDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the production topology over recorded samples, event time from the samples, no cluster needed. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the topology over recorded samples and write incidents as JSON Lines.",
                "Samples are JSON Lines in the DESIGN.md form (gzip accepted). Event time drives everything,",
                "so days of telemetry replay in seconds."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Sample files; none or '-' reads standard input.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Write incidents here instead of standard output.")
    Path out;

    @Option(names = "--detector", defaultValue = "leakwatch", paramLabel = "leakwatch|predict-linear",
            description = {"leakwatch (default): the streams topology; predict-linear: the Prometheus predict_linear",
                    "rules users run today (see simulator/BENCHMARKS.md), firings written as incidents in the same form."})
    String detectorName;

    @Mixin
    DetectorOptions detector;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!detectorName.equals("leakwatch") && !detectorName.equals("predict-linear")) {
            throw new IllegalArgumentException("--detector must be leakwatch or predict-linear, got '" + detectorName + "'");
        }
        List<Path> inputs = files.isEmpty() ? List.of(Path.of("-")) : files;
        for (Path input : inputs) {
            if (!isStdin(input) && !Files.isReadable(input)) {
                throw new IllegalArgumentException("cannot read " + input);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        SampleLines samples = new SampleLines(inputs, err);
        try (PrintWriter writer = out == null ? spec.commandLine().getOut()
                : new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            if (detectorName.equals("predict-linear")) {
                long firings = PredictLinearDetector.withDefaultRules().run(samples, incident -> writer.println(IncidentJson.format(incident)));
                writer.flush();
                err.printf("replayed through predict_linear: %d incidents, %d malformed lines skipped%n", firings, samples.malformed);
            } else {
                Replay.Summary summary = new Replay(detector.settings()).run(samples, incident -> writer.println(IncidentJson.format(incident)));
                writer.flush();
                err.printf("replayed %d samples, %d incidents, %d malformed lines skipped, %d invalid samples rejected%n",
                        summary.samples(), summary.incidents(), samples.malformed, summary.deadLetters());
            }
            err.flush();
        }
        return samples.malformed > 0 ? LeakwatchCommand.EXIT_DATA_ERROR : 0;
    }

    private static boolean isStdin(Path path) {
        return path.toString().equals("-");
    }

    /** Samples from every input in turn; a malformed line is reported with its place and skipped. */
    private static final class SampleLines implements Iterator<ProcessSample> {
        private final Iterator<Path> inputs;
        private final PrintWriter err;
        private BufferedReader reader;
        private Path current;
        private long lineNumber;
        private ProcessSample next;
        long malformed;

        SampleLines(List<Path> inputs, PrintWriter err) {
            this.inputs = inputs.iterator();
            this.err = err;
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    if (reader == null) {
                        if (!inputs.hasNext()) {
                            return false;
                        }
                        open(inputs.next());
                    }
                    String line = reader.readLine();
                    if (line == null) {
                        reader.close();
                        reader = null;
                        continue;
                    }
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        next = SampleJson.parse(line);
                    } catch (IllegalArgumentException e) {
                        malformed++;
                        err.printf("%s:%d: skipped: %s%n", current, lineNumber, e.getMessage());
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + current + ": " + e.getMessage(), e);
            }
        }

        @Override
        public ProcessSample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ProcessSample sample = next;
            next = null;
            return sample;
        }

        private void open(Path path) throws IOException {
            current = path;
            lineNumber = 0;
            InputStream raw = isStdin(path) ? System.in : Files.newInputStream(path);
            reader = new BufferedReader(new InputStreamReader(gunzipIfNeeded(raw), StandardCharsets.UTF_8));
        }

        /** gzip is recognised by its magic bytes, whatever the file is called. */
        private static InputStream gunzipIfNeeded(InputStream raw) throws IOException {
            BufferedInputStream buffered = new BufferedInputStream(raw);
            buffered.mark(2);
            int first = buffered.read();
            int second = buffered.read();
            buffered.reset();
            return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered) : buffered;
        }
    }

}
