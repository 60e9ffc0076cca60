package dev.leakwatch.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.leakwatch.schema.Resource;

/**
 * What one simulated process does over its life: a healthy shape that a detector must leave alone,
 * or a leak with a known root cause, onset and exhaustion time.
 */
public enum Scenario {
    FLAT("flat", Kind.HEALTHY, null, "flat with noise"),
    GC_SAWTOOTH("gc-sawtooth", Kind.HEALTHY, null, "GC sawtooth: RSS climbs and drops back to the same floor"),
    CACHE_WARMUP("cache-warmup", Kind.HEALTHY, null, "cache warm-up that saturates"),
    DAILY_CYCLE("daily-cycle", Kind.HEALTHY, null, "daily load cycle of memory, connections and threads"),
    ONE_OFF_STEP("one-off-step", Kind.HEALTHY, null, "one-off step up that then stays flat"),
    HOURLY_BATCH("hourly-batch", Kind.HEALTHY, null, "hourly batch spikes of memory, files and threads"),
    POOL_CHURN("pool-churn", Kind.HEALTHY, null, "connection-pool churn with transient CLOSE_WAIT"),
    RESTART_CHURN("restart-churn", Kind.HEALTHY, null, "frequent restarts, each with a start-up ramp"),
    RSS_LINEAR("rss-linear", Kind.LEAK, Resource.MEMORY_RSS, "linear RSS leak until the OOM kill"),
    RSS_SAWTOOTH_FLOOR("rss-sawtooth-floor", Kind.LEAK, Resource.MEMORY_RSS, "GC sawtooth whose floor rises"),
    RSS_STEPPED("rss-stepped", Kind.LEAK, Resource.MEMORY_RSS, "a chunk of memory leaked per event"),
    FD_LEAK("fd-leak", Kind.LEAK, Resource.OPEN_FDS, "file descriptors opened and never closed; saturate at the limit"),
    CLOSE_WAIT_PILEUP("close-wait-pileup", Kind.LEAK, Resource.TCP_CLOSE_WAIT, "a small share of connections never closed (CLOSE_WAIT)"),
    SILENT_ESTABLISHED("silent-established", Kind.LEAK, Resource.TCP_ESTABLISHED, "silent ESTABLISHED peers kept forever"),
    THREAD_LEAK("thread-leak", Kind.LEAK, Resource.THREADS, "threads started and never joined"),
    LATE_LEAK("late-leak", Kind.LEAK, null, "healthy for hours, then an RSS or fd leak starts"),
    ACCELERATING_LEAK("accelerating-leak", Kind.LEAK, Resource.MEMORY_RSS, "RSS leak that grows faster and faster"),
    SLOW_LEAK("slow-leak", Kind.LEAK, null, "slow RSS, fd or CLOSE_WAIT leak exhausting in one to three weeks");

    /** Whether a detector should open an incident for a process in this scenario. */
    public enum Kind { HEALTHY, LEAK }

    private final String label;
    private final Kind kind;
    private final Resource resource;
    private final String description;

    Scenario(String label, Kind kind, Resource resource, String description) {
        this.label = label;
        this.kind = kind;
        this.resource = resource;
        this.description = description;
    }

    /** The kebab-case name used on the command line, in ground truth and in reports. */
    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    public boolean leaks() {
        return kind == Kind.LEAK;
    }

    /** The root cause, or null when it is healthy or drawn per process (late and slow leaks). */
    public Resource fixedResource() {
        return resource;
    }

    public String description() {
        return description;
    }

    public static List<Scenario> healthy() {
        return Arrays.stream(values()).filter(s -> !s.leaks()).toList();
    }

    public static List<Scenario> leaking() {
        return Arrays.stream(values()).filter(Scenario::leaks).toList();
    }

    /** @throws IllegalArgumentException listing the known labels */
    public static Scenario byLabel(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (Scenario scenario : values()) {
            if (scenario.label.equals(wanted) || scenario.name().equalsIgnoreCase(wanted)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "'; known: "
                + Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining(", ")));
    }
}
