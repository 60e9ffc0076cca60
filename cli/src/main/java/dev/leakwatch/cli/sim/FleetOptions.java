package dev.leakwatch.cli.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.leakwatch.sim.FleetSpec;
import dev.leakwatch.sim.Scenario;
import picocli.CommandLine.Option;

/** The flags that describe a simulated fleet, shared by {@code simulate} and {@code bench detect}. */
public final class FleetOptions {
    @Option(names = "--hosts", defaultValue = "24", paramLabel = "N", description = "Hosts in the fleet (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--processes-per-host", paramLabel = "M", description = "Processes on each host (default: 10 for simulate, 8 for bench detect).")
    Integer processesPerHost;

    @Option(names = "--days", defaultValue = "3", paramLabel = "DAYS", description = "Event time to simulate, in days; fractions allowed (default ${DEFAULT-VALUE}).")
    double days;

    @Option(names = "--step-seconds", defaultValue = "60", paramLabel = "SECONDS", description = "Sampling interval of every agent (default ${DEFAULT-VALUE}).")
    double stepSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed: the same flags and seed give the same fleet (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenarios", paramLabel = "LIST",
            description = "Comma-separated scenarios to draw processes from (default: all). Healthy: flat, gc-sawtooth, cache-warmup,"
                    + " daily-cycle, one-off-step, hourly-batch, pool-churn, restart-churn. Leaks: rss-linear, rss-sawtooth-floor,"
                    + " rss-stepped, fd-leak, close-wait-pileup, silent-established, thread-leak, late-leak, accelerating-leak, slow-leak.")
    String scenarios;

    @Option(names = "--leak-share", defaultValue = "0.35", paramLabel = "SHARE",
            description = "Share of processes running a leak scenario (default ${DEFAULT-VALUE}).")
    double leakShare;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "FACTOR",
            description = "Multiplies every duration inside the scenarios: 1 is realistic, 0.0167 turns hours into minutes (default ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(names = "--start", paramLabel = "INSTANT", defaultValue = "2026-01-01T00:00:00Z",
            description = "Event time of the first sample, ISO-8601, or 'now' (default ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--host-prefix", defaultValue = "sim", paramLabel = "NAME", description = "Host names are NAME-01, NAME-02, ... (default ${DEFAULT-VALUE}).")
    String hostPrefix;

    /** The fleet these flags describe; {@code defaultProcessesPerHost} when {@code --processes-per-host} is absent. */
    public FleetSpec spec(int defaultProcessesPerHost) {
        if (!(days > 0)) {
            throw new IllegalArgumentException("--days must be positive, got " + days);
        }
        if (!(stepSeconds >= 0.1)) {
            throw new IllegalArgumentException("--step-seconds must be at least 0.1, got " + stepSeconds);
        }
        Set<Scenario> chosen = scenarios == null ? EnumSet.allOf(Scenario.class) : FleetSpec.parseScenarios(scenarios);
        FleetSpec benchmark = FleetSpec.benchmark(hosts, processesPerHost != null ? processesPerHost : defaultProcessesPerHost,
                Duration.ofMillis(Math.round(days * 86_400_000)), Duration.ofMillis(Math.round(stepSeconds * 1000)), seed);
        return benchmark.withScenarios(chosen).withLeakShare(leakShare).withTimeScale(timeScale).withStart(startInstant())
                .withHostPrefix(hostPrefix);
    }

    private Instant startInstant() {
        if (start.trim().toLowerCase(Locale.ROOT).equals("now")) {
            return Instant.ofEpochMilli(System.currentTimeMillis());
        }
        try {
            return Instant.parse(start.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, or 'now'; got '" + start + "'");
        }
    }

    /** One line about the fleet for progress messages. */
    public static String describe(FleetSpec spec) {
        return String.format(Locale.ROOT, "%d hosts x %d processes, %.2f days of %s samples, seed %d (about %,d samples)",
                spec.hosts(), spec.processesPerHost(), spec.duration().toMillis() / 86_400_000.0,
                spec.step().toMillis() % 1000 == 0 ? spec.step().toSeconds() + " s" : spec.step().toMillis() + " ms",
                spec.seed(), spec.expectedSamples());
    }
}
