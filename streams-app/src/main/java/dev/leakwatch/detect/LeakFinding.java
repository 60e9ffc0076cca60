package dev.leakwatch.detect;

/**
 * The detector's verdict that one resource of one process leaks.
 *
 * @param timeToExhaustionSeconds projected seconds until the limit is reached from {@code eventTime}
 */
public record LeakFinding(
        LeakResource resource,
        long eventTime,
        double slopePerHour,
        long currentValue,
        long limit,
        long timeToExhaustionSeconds,
        double confidence,
        LeakSeverity severity,
        String pattern,
        String hint) {
}
