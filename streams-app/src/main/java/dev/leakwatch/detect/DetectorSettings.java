package dev.leakwatch.detect;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Thresholds and windows of the leak rule. {@link #defaults()} suits samples every few seconds.
 *
 * @param window          how much event time one trend looks back over
 * @param maxPoints       cap on the points kept per resource (bounds state whatever the sampling rate)
 * @param minPoints       fewest samples before a trend is judged
 * @param minSpan         shortest stretch of event time before a trend is judged
 * @param evidenceFraction a trend must also have been watched for this share of its projected time
 *                        to exhaustion (capped at the window): urgent leaks are reported fast,
 *                        slow ones only once they held for long
 * @param minRSquared     how well a straight line must explain the points (0..1)
 * @param horizon         a leak is reported when it would exhaust its limit within this time
 * @param minGrowth       least growth over the window, per resource, in the resource's unit
 * @param criticalWithin  exhaustion sooner than this is CRITICAL
 * @param highWithin      exhaustion sooner than this is HIGH, later is WARNING
 */
public record DetectorSettings(
        Duration window,
        int maxPoints,
        int minPoints,
        Duration minSpan,
        double evidenceFraction,
        double minRSquared,
        Duration horizon,
        Map<LeakResource, Double> minGrowth,
        Duration criticalWithin,
        Duration highWithin) {

    public DetectorSettings {
        requirePositive("window", window);
        requirePositive("minSpan", minSpan);
        requirePositive("horizon", horizon);
        requirePositive("criticalWithin", criticalWithin);
        requirePositive("highWithin", highWithin);
        if (minSpan.compareTo(window) > 0) {
            throw new IllegalArgumentException("minSpan (" + minSpan + ") must not exceed window (" + window + ")");
        }
        if (minPoints < 3) {
            throw new IllegalArgumentException("minPoints must be at least 3, got " + minPoints);
        }
        if (maxPoints < minPoints || maxPoints > Short.MAX_VALUE) {
            throw new IllegalArgumentException("maxPoints must be between minPoints (" + minPoints + ") and "
                    + Short.MAX_VALUE + ", got " + maxPoints);
        }
        if (!(evidenceFraction >= 0 && evidenceFraction <= 1)) {
            throw new IllegalArgumentException("evidenceFraction must be within 0..1, got " + evidenceFraction);
        }
        if (!(minRSquared >= 0 && minRSquared <= 1)) {
            throw new IllegalArgumentException("minRSquared must be within 0..1, got " + minRSquared);
        }
        if (criticalWithin.compareTo(highWithin) > 0) {
            throw new IllegalArgumentException("criticalWithin must not exceed highWithin");
        }
        EnumMap<LeakResource, Double> growth = new EnumMap<>(LeakResource.class);
        for (LeakResource resource : LeakResource.values()) {
            Double value = minGrowth.get(resource);
            if (value == null || value < 0) {
                throw new IllegalArgumentException("minGrowth needs a non-negative value for " + resource);
            }
            growth.put(resource, value);
        }
        minGrowth = Map.copyOf(growth);
    }

    public static DetectorSettings defaults() {
        EnumMap<LeakResource, Double> growth = new EnumMap<>(LeakResource.class);
        growth.put(LeakResource.MEMORY_RSS, 32.0 * 1024 * 1024);
        growth.put(LeakResource.OPEN_FDS, 20.0);
        growth.put(LeakResource.THREADS, 10.0);
        growth.put(LeakResource.TCP_CLOSE_WAIT, 10.0);
        growth.put(LeakResource.TCP_ESTABLISHED, 20.0);
        return new DetectorSettings(Duration.ofMinutes(10), 240, 8, Duration.ofSeconds(30), 0.25, 0.9,
                Duration.ofHours(24), growth, Duration.ofHours(1), Duration.ofHours(24));
    }

    public DetectorSettings withWindow(Duration newWindow, Duration newMinSpan) {
        return new DetectorSettings(newWindow, maxPoints, minPoints, newMinSpan, evidenceFraction, minRSquared, horizon, minGrowth,
                criticalWithin, highWithin);
    }

    public DetectorSettings withHorizon(Duration newHorizon) {
        return new DetectorSettings(window, maxPoints, minPoints, minSpan, evidenceFraction, minRSquared, newHorizon, minGrowth,
                criticalWithin, highWithin);
    }

    public double minGrowthOf(LeakResource resource) {
        return minGrowth.get(resource);
    }

    /** How long a trend must have been watched before a leak exhausting in {@code timeToExhaustion} is reported. */
    long requiredSpanMillis(long secondsToExhaustion) {
        long byUrgency = (long) (secondsToExhaustion * 1000.0 * evidenceFraction);
        // a series never quite spans the whole window (its oldest point is dropped first), hence 90 %
        return Math.min(window.toMillis() * 9 / 10, Math.max(minSpan.toMillis(), byUrgency));
    }

    LeakSeverity severityFor(Duration timeToExhaustion) {
        if (timeToExhaustion.compareTo(criticalWithin) < 0) {
            return LeakSeverity.CRITICAL;
        }
        return timeToExhaustion.compareTo(highWithin) < 0 ? LeakSeverity.HIGH : LeakSeverity.WARNING;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
