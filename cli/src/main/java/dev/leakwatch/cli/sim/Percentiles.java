package dev.leakwatch.cli.sim;

import java.util.Arrays;
import java.util.Locale;

/** Nearest-rank percentiles of a set of durations in nanoseconds, shown in milliseconds. */
record Percentiles(long count, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

    static Percentiles of(long[] nanos) {
        if (nanos.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    String text() {
        if (count == 0) {
            return "n/a (none measured)";
        }
        return String.format(Locale.ROOT, "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (n=%,d)", p50Millis, p95Millis, p99Millis, maxMillis, count);
    }
}
