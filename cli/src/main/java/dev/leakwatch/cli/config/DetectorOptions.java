package dev.leakwatch.cli.config;

import java.time.Duration;

import dev.leakwatch.detect.DetectorSettings;
import picocli.CommandLine.Option;

/** Detector thresholds a user may change from the command line; the rest keep their documented defaults. */
public final class DetectorOptions {
    @Option(names = "--window", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Event time one trend looks back over (default 10m).")
    Duration window;

    @Option(names = "--min-span", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Least event time watched before a trend is judged (default 30s).")
    Duration minSpan;

    @Option(names = "--horizon", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Report a leak when it would exhaust its limit within this time (default 24h).")
    Duration horizon;

    public DetectorSettings settings() {
        DetectorSettings defaults = DetectorSettings.defaults();
        DetectorSettings settings = defaults;
        if (window != null || minSpan != null) {
            settings = settings.withWindow(window != null ? window : defaults.window(), minSpan != null ? minSpan : defaults.minSpan());
        }
        if (horizon != null) {
            settings = settings.withHorizon(horizon);
        }
        return settings;
    }
}
