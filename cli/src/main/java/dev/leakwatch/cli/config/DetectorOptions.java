package dev.leakwatch.cli.config;

import java.time.Duration;

import dev.leakwatch.detect.DetectorSettings;
import picocli.CommandLine.Option;

/** Detector settings a user may change from the command line; the rest keep their documented defaults. */
public final class DetectorOptions {
    @Option(names = "--fast-bucket", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Bucket of the shortest time scale (default 15s); about twice the agents' sampling interval.")
    Duration fastBucket;

    @Option(names = "--horizon", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Report leaks that would exhaust their limit within this time (default 30d).")
    Duration horizon;

    @Option(names = "--exit-after", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A process is gone when its host reported this long without it (default 5m).")
    Duration exitAfter;

    public DetectorSettings settings() {
        DetectorSettings settings = DetectorSettings.defaults();
        if (fastBucket != null) {
            settings = settings.withFastBucket(fastBucket);
        }
        if (horizon != null) {
            settings = settings.withHorizon(horizon);
        }
        if (exitAfter != null) {
            settings = settings.withExitAfter(exitAfter);
        }
        return settings;
    }
}
