package dev.leakwatch.detect;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the detector can be tuned with. {@link #defaults()} suits samples every 15 s.
 *
 * @param scales             the time scales, shortest first
 * @param minRSquared        how much of the floors' variance the trend model must explain (0..1)
 * @param minTStatistic      how many standard errors the slope must be above zero
 * @param halfSlopeRatio     both halves of a window must climb at least this share of the whole
 *                           window's slope: a one-off step or a warm-up that levels off does not
 * @param maxDeceleration    a climb whose curvature is this many standard errors below zero is levelling
 *                           off (warm-up, the rising side of a daily cycle), not leaking
 * @param levelOffRatio      a climb whose slope is below this share of its average slope since the oldest floor
 *                           on record is a warm-up levelling off (fast at first, ever slower), not a leak
 * @param horizon            leaks exhausting later than this are not reported
 * @param minGrowth          least growth across a window, per resource, in its unit
 * @param unlimitedGrowthFactor a resource without a known limit is reported only when it grew by this many
 *                           times its minGrowth, with twice the usual t statistic
 * @param criticalWithin     exhaustion sooner than this is CRITICAL
 * @param highWithin         sooner than this is HIGH, later WARNING
 * @param updateShift        an open incident is UPDATED when its projected exhaustion moves by more than this
 *                           share of the time that was left (or its severity changes)
 * @param updateMinInterval  and at most this often
 * @param resolveSlopeRatio  growth counts as stopped when the slope falls below this share of the slope that opened it
 * @param socketShareOfFds   socket growth of at least this share of fd growth is the fds' root cause
 * @param exitAfter          a process is gone when its host reported for this long without it
 * @param hostSilentAfter    a host that sent nothing for this long (of stream time) is given up on
 * @param maxFutureSkew      a sample this far ahead of the newest one seen is invalid
 * @param heldLevelsFor      how long the levels an ended incarnation of a service held on a host are
 *                           remembered for its successors there ({@link ServiceHistory}); zero: not at all
 * @param recurringMinPoints fewest floors, at any scale, for a climb of a resource that the service's
 *                           previous incarnation on the host ended with an incident open on (the same
 *                           leak back after a restart): judged without the evidence share and the
 *                           first-day wait; at least 4, at most every scale's {@code urgentMinPoints}
 * @param firstDayWithin     on the first day a process is watched (before 24 h of floors), a climb the
 *                           slow scale's daily fit cannot judge yet is reported only when it would exhaust
 *                           within this: a daily rise climbs steadily to new highs for hours, like a leak
 *                           with a day or two to go; slower climbs wait for a day of floors
 */
public record DetectorSettings(
        List<Scale> scales,
        double minRSquared,
        double minTStatistic,
        double halfSlopeRatio,
        double maxDeceleration,
        double levelOffRatio,
        Duration horizon,
        Map<LeakResource, Double> minGrowth,
        double unlimitedGrowthFactor,
        Duration criticalWithin,
        Duration highWithin,
        double updateShift,
        Duration updateMinInterval,
        double resolveSlopeRatio,
        double socketShareOfFds,
        Duration exitAfter,
        Duration hostSilentAfter,
        Duration maxFutureSkew,
        Duration heldLevelsFor,
        int recurringMinPoints,
        Duration firstDayWithin) {

    public DetectorSettings {
        if (scales == null || scales.isEmpty() || scales.size() > 8) {
            throw new IllegalArgumentException("between 1 and 8 scales are needed");
        }
        scales = List.copyOf(scales);
        requireShare("minRSquared", minRSquared);
        requireShare("halfSlopeRatio", halfSlopeRatio);
        if (!(maxDeceleration > 0)) {
            throw new IllegalArgumentException("maxDeceleration must be positive, got " + maxDeceleration);
        }
        requireShare("levelOffRatio", levelOffRatio);
        requireShare("updateShift", updateShift);
        requireShare("resolveSlopeRatio", resolveSlopeRatio);
        requireShare("socketShareOfFds", socketShareOfFds);
        if (!(minTStatistic >= 0)) {
            throw new IllegalArgumentException("minTStatistic must not be negative, got " + minTStatistic);
        }
        if (!(unlimitedGrowthFactor >= 1)) {
            throw new IllegalArgumentException("unlimitedGrowthFactor must be at least 1, got " + unlimitedGrowthFactor);
        }
        requirePositive("horizon", horizon);
        requirePositive("criticalWithin", criticalWithin);
        requirePositive("highWithin", highWithin);
        requirePositive("updateMinInterval", updateMinInterval);
        requirePositive("exitAfter", exitAfter);
        requirePositive("hostSilentAfter", hostSilentAfter);
        requirePositive("maxFutureSkew", maxFutureSkew);
        requirePositive("firstDayWithin", firstDayWithin);
        if (heldLevelsFor == null || heldLevelsFor.isNegative()) {
            throw new IllegalArgumentException("heldLevelsFor must not be negative, got " + heldLevelsFor);
        }
        for (Scale scale : scales) {
            if (recurringMinPoints < 4 || recurringMinPoints > scale.urgentMinPoints()) {
                throw new IllegalArgumentException("recurringMinPoints must be within 4.." + scale.urgentMinPoints()
                        + " (scale " + scale.name() + "'s urgentMinPoints), got " + recurringMinPoints);
            }
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
        // an EnumMap, cheap to look up by resource (the judge copies it into an array for its hot path)
        minGrowth = java.util.Collections.unmodifiableMap(growth);
    }

    public static DetectorSettings defaults() {
        EnumMap<LeakResource, Double> growth = new EnumMap<>(LeakResource.class);
        growth.put(LeakResource.MEMORY_RSS, 16.0 * 1024 * 1024);
        growth.put(LeakResource.OPEN_FDS, 12.0);
        growth.put(LeakResource.THREADS, 8.0);
        growth.put(LeakResource.TCP_CLOSE_WAIT, 8.0);
        growth.put(LeakResource.TCP_ESTABLISHED, 12.0);
        return new DetectorSettings(
                List.of(new Scale("fast", Duration.ofSeconds(15), 40, 12, 12, 0.5, Duration.ofHours(6), false),
                        new Scale("medium", Duration.ofMinutes(5), 48, 8, 6, 0.3, Duration.ofDays(3), false),
                        new Scale("slow", Duration.ofHours(1), 72, 16, 16, 0.1, Duration.ofDays(30), true)),
                0.8, 6.0, 0.4, 3.0, 0.7, Duration.ofDays(30), growth, 3.0,
                Duration.ofHours(1), Duration.ofHours(24),
                0.3, Duration.ofMinutes(15), 0.2, 0.5,
                Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofDays(1), Duration.ofDays(7), 4, Duration.ofHours(8));
    }

    /** The same settings with the shortest scale's bucket changed, e.g. for agents sampling every 2 s. */
    public DetectorSettings withFastBucket(Duration bucket) {
        List<Scale> changed = new java.util.ArrayList<>(scales);
        changed.set(0, scales.get(0).withBucket(bucket));
        return new DetectorSettings(changed, minRSquared, minTStatistic, halfSlopeRatio, maxDeceleration, levelOffRatio, horizon,
                minGrowth, unlimitedGrowthFactor, criticalWithin, highWithin, updateShift, updateMinInterval,
                resolveSlopeRatio, socketShareOfFds, exitAfter, hostSilentAfter, maxFutureSkew, heldLevelsFor, recurringMinPoints, firstDayWithin);
    }

    public DetectorSettings withHorizon(Duration newHorizon) {
        return new DetectorSettings(scales, minRSquared, minTStatistic, halfSlopeRatio, maxDeceleration, levelOffRatio, newHorizon,
                minGrowth, unlimitedGrowthFactor, criticalWithin, highWithin, updateShift, updateMinInterval,
                resolveSlopeRatio, socketShareOfFds, exitAfter, hostSilentAfter, maxFutureSkew, heldLevelsFor, recurringMinPoints, firstDayWithin);
    }

    public DetectorSettings withExitAfter(Duration newExitAfter) {
        return new DetectorSettings(scales, minRSquared, minTStatistic, halfSlopeRatio, maxDeceleration, levelOffRatio, horizon,
                minGrowth, unlimitedGrowthFactor, criticalWithin, highWithin, updateShift, updateMinInterval,
                resolveSlopeRatio, socketShareOfFds, newExitAfter, hostSilentAfter, maxFutureSkew, heldLevelsFor, recurringMinPoints, firstDayWithin);
    }

    /** The same settings with service levels remembered for {@code duration} (zero: not at all). */
    public DetectorSettings withHeldLevelsFor(Duration duration) {
        return new DetectorSettings(scales, minRSquared, minTStatistic, halfSlopeRatio, maxDeceleration, levelOffRatio, horizon,
                minGrowth, unlimitedGrowthFactor, criticalWithin, highWithin, updateShift, updateMinInterval,
                resolveSlopeRatio, socketShareOfFds, exitAfter, hostSilentAfter, maxFutureSkew, duration, recurringMinPoints, firstDayWithin);
    }

    /** The same settings with recurring leaks judged from {@code points} floors. */
    public DetectorSettings withRecurringMinPoints(int points) {
        return new DetectorSettings(scales, minRSquared, minTStatistic, halfSlopeRatio, maxDeceleration, levelOffRatio, horizon,
                minGrowth, unlimitedGrowthFactor, criticalWithin, highWithin, updateShift, updateMinInterval,
                resolveSlopeRatio, socketShareOfFds, exitAfter, hostSilentAfter, maxFutureSkew, heldLevelsFor, points, firstDayWithin);
    }

    public double minGrowthOf(LeakResource resource) {
        return minGrowth.get(resource);
    }

    LeakSeverity severityFor(long secondsToExhaustion) {
        if (secondsToExhaustion < 0) {
            return LeakSeverity.WARNING;
        }
        if (secondsToExhaustion < criticalWithin.toSeconds()) {
            return LeakSeverity.CRITICAL;
        }
        return secondsToExhaustion < highWithin.toSeconds() ? LeakSeverity.HIGH : LeakSeverity.WARNING;
    }

    private static void requireShare(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, got " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
