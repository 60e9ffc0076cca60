package dev.leakwatch.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * What fleet to simulate. Every random choice derives from {@code seed}, so one spec always gives
 * the same samples and the same ground truth.
 *
 * @param hostPrefix           host names are {@code prefix-01}, {@code prefix-02}, ...
 * @param start                event time of the first tick (true time; each host's clock is skewed from it)
 * @param duration             event time simulated
 * @param step                 sampling interval of every host's agent
 * @param timeScale            multiplies every duration inside a scenario (leak lives, periods, restarts);
 *                             1 is realistic, 1/60 turns hours into minutes for a live demo
 * @param maxClockSkew         each host's clock is off by a constant drawn from ±this
 * @param agentGapsPerHostDay  expected agent outages per host per (scaled) day; no samples during one
 * @param deploysPerProcessDay expected deploy restarts per process per (scaled) day
 * @param leakShare            share of processes that run a leak scenario (when both kinds are enabled)
 * @param scenarios            the scenarios processes are drawn from
 */
public record FleetSpec(
        String hostPrefix,
        int hosts,
        int processesPerHost,
        Instant start,
        Duration duration,
        Duration step,
        long seed,
        double timeScale,
        Duration maxClockSkew,
        double agentGapsPerHostDay,
        double deploysPerProcessDay,
        double leakShare,
        Set<Scenario> scenarios) {

    /** 2026-01-01T00:00:00Z: a fixed start keeps benchmark runs comparable. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    public FleetSpec {
        if (hostPrefix == null || hostPrefix.isBlank() || hostPrefix.contains("/")) {
            throw new IllegalArgumentException("host prefix must be non-blank and contain no '/', got '" + hostPrefix + "'");
        }
        if (hosts < 1 || hosts > 10_000) {
            throw new IllegalArgumentException("hosts must be between 1 and 10000, got " + hosts);
        }
        if (processesPerHost < 1 || processesPerHost > 1_000) {
            throw new IllegalArgumentException("processes per host must be between 1 and 1000, got " + processesPerHost);
        }
        if (start == null) {
            throw new IllegalArgumentException("a start time is required");
        }
        requirePositive("duration", duration);
        requirePositive("step", step);
        if (step.toMillis() < 100) {
            throw new IllegalArgumentException("step must be at least 100ms, got " + step);
        }
        if (step.compareTo(duration) > 0) {
            throw new IllegalArgumentException("step (" + step + ") must not exceed duration (" + duration + ")");
        }
        if (!(timeScale > 0 && timeScale <= 100)) {
            throw new IllegalArgumentException("time scale must be within (0, 100], got " + timeScale);
        }
        if (maxClockSkew == null || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max clock skew must be zero or positive, got " + maxClockSkew);
        }
        if (!(agentGapsPerHostDay >= 0) || !(deploysPerProcessDay >= 0)) {
            throw new IllegalArgumentException("agent gaps and deploys per day must not be negative");
        }
        if (!(leakShare >= 0 && leakShare <= 1)) {
            throw new IllegalArgumentException("leak share must be within 0..1, got " + leakShare);
        }
        if (scenarios == null || scenarios.isEmpty()) {
            throw new IllegalArgumentException("at least one scenario is required");
        }
        scenarios = Set.copyOf(EnumSet.copyOf(scenarios));
    }

    /** The benchmark fleet: realistic time scale, every scenario, 35 % leaking processes. */
    public static FleetSpec benchmark(int hosts, int processesPerHost, Duration duration, Duration step, long seed) {
        return new FleetSpec("sim", hosts, processesPerHost, DEFAULT_START, duration, step, seed, 1.0,
                Duration.ofSeconds(90), 0.3, 0.2, 0.35, EnumSet.allOf(Scenario.class));
    }

    /**
     * A fleet for a live demo beside a real host: wall-clock event time from {@code start}, a sample
     * every 2 s, every duration inside the scenarios divided by 60 (a leak that would take a day
     * takes 24 minutes), one host's clock skew at most a second, and half the processes leaking.
     */
    public static FleetSpec demo(Instant start, int hosts, int processesPerHost, long seed) {
        return new FleetSpec("demo-sim", hosts, processesPerHost, start, Duration.ofDays(365), Duration.ofSeconds(2), seed,
                1.0 / 60, Duration.ofSeconds(1), 0.3, 0.2, 0.5, EnumSet.allOf(Scenario.class));
    }

    public FleetSpec withScenarios(Set<Scenario> newScenarios) {
        return new FleetSpec(hostPrefix, hosts, processesPerHost, start, duration, step, seed, timeScale, maxClockSkew,
                agentGapsPerHostDay, deploysPerProcessDay, leakShare, newScenarios);
    }

    public FleetSpec withStart(Instant newStart) {
        return new FleetSpec(hostPrefix, hosts, processesPerHost, newStart, duration, step, seed, timeScale, maxClockSkew,
                agentGapsPerHostDay, deploysPerProcessDay, leakShare, scenarios);
    }

    public FleetSpec withTimeScale(double newTimeScale) {
        return new FleetSpec(hostPrefix, hosts, processesPerHost, start, duration, step, seed, newTimeScale, maxClockSkew,
                agentGapsPerHostDay, deploysPerProcessDay, leakShare, scenarios);
    }

    public FleetSpec withHostPrefix(String newPrefix) {
        return new FleetSpec(newPrefix, hosts, processesPerHost, start, duration, step, seed, timeScale, maxClockSkew,
                agentGapsPerHostDay, deploysPerProcessDay, leakShare, scenarios);
    }

    public FleetSpec withLeakShare(double newLeakShare) {
        return new FleetSpec(hostPrefix, hosts, processesPerHost, start, duration, step, seed, timeScale, maxClockSkew,
                agentGapsPerHostDay, deploysPerProcessDay, newLeakShare, scenarios);
    }

    /** Without agent outages, deploys or clock skew: the clean shapes, for tests of the shapes themselves. */
    public FleetSpec withoutDisturbances() {
        return new FleetSpec(hostPrefix, hosts, processesPerHost, start, duration, step, seed, timeScale, Duration.ZERO,
                0, 0, leakShare, scenarios);
    }

    public long ticks() {
        return duration.toMillis() / step.toMillis();
    }

    public int processes() {
        return hosts * processesPerHost;
    }

    public long expectedSamples() {
        return ticks() * processes();
    }

    /** One scenario set from a comma-separated list of labels. */
    public static Set<Scenario> parseScenarios(String labels) {
        EnumSet<Scenario> set = EnumSet.noneOf(Scenario.class);
        Arrays.stream(labels.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Scenario::byLabel).forEach(set::add);
        if (set.isEmpty()) {
            throw new IllegalArgumentException("no scenario named in '" + labels + "'");
        }
        return set;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
