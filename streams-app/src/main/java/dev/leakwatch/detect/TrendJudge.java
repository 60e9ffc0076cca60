package dev.leakwatch.detect;

import java.util.Optional;

import dev.leakwatch.detect.trend.BucketRing;
import dev.leakwatch.detect.trend.TrendFit;

/**
 * Decides, for one resource at one scale, whether its floors show a leak: a significant,
 * sustained climb (both halves of the window climb), to new highs, that reaches the limit soon
 * enough for this scale, watched for long enough given how soon that is, or given that the service
 * ended its previous incarnation in the same leak.
 */
final class TrendJudge {
    /** A daily sine needs about a day of floors before it can be told from a trend. */
    private static final double DAILY_FIT_MIN_SPAN_SECONDS = 24 * 3600;

    private final DetectorSettings settings;
    private final double[] seconds;
    private final double[] values;
    /** settings.minGrowthOf by resource ordinal: looked up for every closed bucket, a map showed in profiles. */
    private final double[] minGrowth = new double[LeakResource.values().length];
    /**
     * Per scale, {@link Scale#uselessBeyondMillis} for its usual (urgent) count of floors, and for a
     * recurring leak's fewer floors: under 60 s samples the 15 s scale is judged for recurring leaks alone.
     */
    private final long[] sparseBeyondMillis;
    private final long[] uselessBeyondMillis;
    private final long firstDayWithinSeconds;

    TrendJudge(DetectorSettings settings) {
        this.settings = settings;
        for (LeakResource resource : LeakResource.values()) {
            minGrowth[resource.ordinal()] = settings.minGrowthOf(resource);
        }
        int most = 0;
        for (Scale scale : settings.scales()) {
            most = Math.max(most, scale.buckets());
        }
        this.seconds = new double[most];
        this.values = new double[most];
        this.firstDayWithinSeconds = settings.firstDayWithin().toSeconds();
        this.sparseBeyondMillis = settings.scales().stream().mapToLong(scale -> scale.uselessBeyondMillis(scale.urgentMinPoints())).toArray();
        this.uselessBeyondMillis = settings.scales().stream().mapToLong(scale -> scale.uselessBeyondMillis(settings.recurringMinPoints())).toArray();
    }

    /** Whether samples {@code intervalMillis} apart can never give this scale its usual (urgent) count of floors. */
    boolean sparseFor(int scale, long intervalMillis) {
        return intervalMillis > sparseBeyondMillis[scale];
    }

    /**
     * Whether samples {@code intervalMillis} apart can never be judged at this scale: for a track that
     * keeps floors for a recurring leak, not even from a recurring leak's fewer floors.
     */
    boolean uselessAt(int scale, long intervalMillis, boolean recurringFloors) {
        return intervalMillis > (recurringFloors ? uselessBeyondMillis[scale] : sparseBeyondMillis[scale]);
    }

    /** A verdict that a resource leaks at one scale. */
    record Finding(LeakResource resource, int scale, TrendFit fit, long secondsToExhaustion, String pattern, double confidence) {
    }

    /** The trend of the track's floors at a scale, without judging it; empty with too few floors. */
    Optional<TrendFit> fit(ResourceTrack track, int scaleIndex) {
        return fit(track, scaleIndex, settings.scales().get(scaleIndex).urgentMinPoints());
    }

    /** The trend of the track's floors at the scale of a finding, from as few floors as that finding was judged on. */
    Optional<TrendFit> fitBeside(ResourceTrack track, Finding finding) {
        return fit(track, finding.scale(), Math.min(settings.scales().get(finding.scale()).urgentMinPoints(), finding.fit().points()));
    }

    private Optional<TrendFit> fit(ResourceTrack track, int scaleIndex, int minPoints) {
        BucketRing ring = track.rings[scaleIndex];
        int n = ring.points(ring.oldestStartMillis(), seconds, values);
        if (n < minPoints) {
            return Optional.empty();
        }
        return TrendFit.of(seconds, values, 0, n, useDaily(settings.scales().get(scaleIndex), n));
    }

    /**
     * @param headroomValue the value that runs into the limit (the fd count for sockets, else the resource itself)
     * @param past          what the service's earlier incarnations showed: asked, only when the answer
     *                      matters (it may read a store), whether the previous one ended with an incident
     *                      open on this resource while this one has had none. Such a climb is the same
     *                      leak back: it is judged from {@link DetectorSettings#recurringMinPoints()}
     *                      floors at any scale, without the evidence share and without the first-day
     *                      wait; every other test still applies
     */
    Optional<Finding> judge(ResourceTrack track, int scaleIndex, long now, long headroomValue, ServicePast past) {
        Scale scale = settings.scales().get(scaleIndex);
        BucketRing ring = track.rings[scaleIndex];
        // too few floors, or a least-squares line that rises across the window by less than twice
        // the floors' range cannot reach the growth asked for: skip the fits (most processes, most samples)
        if (ring.values() < settings.recurringMinPoints() || 2.0 * ring.range() < minGrowth[track.resource.ordinal()]) {
            return Optional.empty();
        }
        int n = ring.points(ring.oldestStartMillis(), seconds, values);
        if (n < settings.recurringMinPoints()) {
            return Optional.empty();
        }
        this.past = past;
        recurring = null;
        if (n < scale.urgentMinPoints() && !recurring(track, now)) { // fewer floors than any other judgement takes
            return Optional.empty();
        }
        bends = false;
        Optional<Finding> finding = judgePoints(track, scaleIndex, now, headroomValue, n);
        int coldStart = n / 3;
        if (finding.isEmpty() && bends && n - coldStart >= scale.minPoints()) {
            // the window bends only because its oldest third still holds a cold start's faster first
            // climb: what came after it is judged on its own, but only when that would exhaust within
            // the hour (a cache warming up for hours bends the same way and has longer to go)
            System.arraycopy(seconds, coldStart, seconds, 0, n - coldStart);
            System.arraycopy(values, coldStart, values, 0, n - coldStart);
            finding = judgePoints(track, scaleIndex, now, headroomValue, n - coldStart)
                    .filter(f -> settings.severityFor(f.secondsToExhaustion()) == LeakSeverity.CRITICAL);
        }
        return finding;
    }

    /** A count whose floor is this share of its limit or more has run out: opening more fails. */
    static final double AT_LIMIT = 0.98;
    /** ... and it climbed there in this incarnation when some floor of the window was below this share. */
    private static final double BELOW_LIMIT = 0.9;

    /**
     * A count that already ran out: the newest floor of the scale (the lowest value of a whole
     * bucket) is at its limit, and the window holds a floor well below it, so the process climbed
     * there while watched. Found when the climb was too quick for a trend to be judged on it (fds
     * exhausted minutes into a thread leak, between two 5 min floors). The finding projects no
     * time left; its fit is the climb's, over at least three floors.
     */
    Optional<Finding> atLimit(ResourceTrack track, int scaleIndex) {
        BucketRing ring = track.rings[scaleIndex];
        if (track.limit == Reading.NO_LIMIT || ring.values() < 3) {
            return Optional.empty();
        }
        int n = ring.points(ring.oldestStartMillis(), seconds, values);
        if (n < 3 || values[n - 1] < AT_LIMIT * track.limit || lowest(n) > BELOW_LIMIT * track.limit) {
            return Optional.empty();
        }
        return TrendFit.of(seconds, values, 0, n, false)
                .map(fit -> new Finding(track.resource, scaleIndex, fit, 0, "AT_LIMIT", confidence(Double.POSITIVE_INFINITY)));
    }

    /** The trend of all the scale's floors, without the minimum count a judgement needs; empty under three. */
    Optional<TrendFit> climb(ResourceTrack track, int scaleIndex) {
        BucketRing ring = track.rings[scaleIndex];
        int n = ring.points(ring.oldestStartMillis(), seconds, values);
        return TrendFit.of(seconds, values, 0, n, false);
    }

    /** How far the newest floor of the scale lies above the lowest one of its window; 0 with fewer than two. */
    double growth(ResourceTrack track, int scaleIndex) {
        BucketRing ring = track.rings[scaleIndex];
        int n = ring.points(ring.oldestStartMillis(), seconds, values);
        return n < 2 ? 0 : values[n - 1] - lowest(n);
    }

    private double lowest(int n) {
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lowest = Math.min(lowest, values[i]);
        }
        return lowest;
    }

    /** The judgement under way's {@code past}, and whether its climb is a leak back once asked (null until then). */
    private ServicePast past;
    private Boolean recurring;

    /** Whether the climb judged now is a leak the service had before; asked at most once per judgement. */
    private boolean recurring(ResourceTrack track, long now) {
        if (recurring == null) {
            recurring = track.phase == ResourceTrack.IncidentPhase.NONE && past.leakedBefore(track.resource, track.limit, now);
        }
        return recurring;
    }

    /** Set by {@link #judgePoints} when it turned a climb down only because the climb bends (levels off). */
    private boolean bends;

    /** {@link #judge} on the first {@code n} points of {@link #seconds} and {@link #values}. */
    private Optional<Finding> judgePoints(ResourceTrack track, int scaleIndex, long now, long headroomValue, int n) {
        Scale scale = settings.scales().get(scaleIndex);
        BucketRing ring = track.rings[scaleIndex];
        boolean fewPoints = n < scale.minPoints();
        boolean daily = useDaily(scale, n);
        Optional<TrendFit> fitted = TrendFit.of(seconds, values, 0, n, daily);
        if (fitted.isEmpty()) {
            return Optional.empty();
        }
        TrendFit fit = fitted.get();
        double slope = fit.slopePerSecond();
        boolean limited = track.limit != Reading.NO_LIMIT;
        double tNeeded = limited ? settings.minTStatistic() : 2 * settings.minTStatistic();
        double growthNeeded = minGrowth[track.resource.ordinal()] * (limited ? 1 : settings.unlimitedGrowthFactor());
        if (slope <= 0 || fit.rSquared() < settings.minRSquared() || fit.tStatistic() < tNeeded
                || slope * fit.spanSeconds() < growthNeeded) {
            return Optional.empty();
        }
        int half = n / 2;
        Optional<TrendFit> older = TrendFit.of(seconds, values, 0, half + 1, daily && halfSpan(0, half + 1) >= DAILY_FIT_MIN_SPAN_SECONDS);
        Optional<TrendFit> newer = TrendFit.of(seconds, values, half, n, daily && halfSpan(half, n) >= DAILY_FIT_MIN_SPAN_SECONDS);
        if (older.isEmpty() || newer.isEmpty()
                || newer.get().slopePerSecond() < settings.halfSlopeRatio() * slope
                || (older.get().slopePerSecond() < settings.halfSlopeRatio() * slope
                        && !accelerates(older.get(), newer.get(), slope, n))) {
            return Optional.empty();
        }
        History history = daily ? History.STEADY : history(track, fit, now);
        if (!daily && (!climbsFromAboveEarlierFloors(track, scaleIndex, ring, fit) || history == History.LEVELS_OFF)) {
            return Optional.empty();
        }
        if (scaleIndex == 0 && history == History.TOO_SHORT && n < scale.urgentMinPoints()) {
            // minutes into its life a process climbs as it starts, whatever its predecessor leaked:
            // the few floors of a recurring leak count once there is history to compare them with
            return Optional.empty();
        }
        if (!daily && TrendFit.curvatureT(seconds, values, 0, n) < -settings.maxDeceleration()) {
            bends = true;
            return Optional.empty();
        }
        long secondsToExhaustion = -1;
        if (limited) {
            secondsToExhaustion = secondsToLimit(track.limit, headroomValue, slope);
            if (secondsToExhaustion > scale.maxTimeToExhaustion().toSeconds()
                    || secondsToExhaustion > settings.horizon().toSeconds()) {
                return Optional.empty();
            }
            if (fewPoints && secondsToExhaustion > settings.criticalWithin().toSeconds() && !recurring(track, now)) {
                return Optional.empty(); // fewer floors than usual are evidence enough only for what exhausts within the hour
            }
            double windowSeconds = scale.window().toSeconds();
            double neededSpan = Math.min(0.9 * windowSeconds,
                    Math.max((Math.min(n, scale.minPoints()) - 1) * scale.bucket().toSeconds(), scale.evidenceFraction() * secondsToExhaustion));
            if (fit.spanSeconds() < neededSpan * 0.999 && !recurring(track, now)) {
                return Optional.empty();
            }
            if (scaleIndex == 0 && history == History.TOO_SHORT && secondsToExhaustion > settings.criticalWithin().toSeconds()) {
                // minutes of a process's life cannot tell a cold start from a leak: only the
                // shortest scale extrapolates that far, and only for what would exhaust within the hour
                return Optional.empty();
            }
        } else if (fewPoints || scaleIndex == 0) {
            return Optional.empty(); // without a limit there is no urgency: leave it to the usual floors of the longer scales
        }
        if (!daily && !exhaustsSoon(secondsToExhaustion) && secondsObserved(track, now) < DAILY_FIT_MIN_SPAN_SECONDS && !(limited && recurring(track, now))) {
            // on the first day it is watched, a process's daily rise climbs steadily for hours, to
            // new highs, like a leak: what would not exhaust within firstDayWithin waits for a day
            // of floors, unless the previous incarnation ended in this leak
            return Optional.empty();
        }
        return Optional.of(new Finding(track.resource, scaleIndex, fit, secondsToExhaustion,
                pattern(older.get(), newer.get(), n), confidence(fit.tStatistic())));
    }

    /**
     * A climb that speeds up has a slow older half, like a step does; it is told apart by its
     * curvature and by growth spread over many buckets rather than one jump.
     */
    private boolean accelerates(TrendFit older, TrendFit newer, double slope, int n) {
        return older.slopePerSecond() > 0 && newer.slopePerSecond() >= slope
                && TrendFit.curvatureT(seconds, values, 0, n) > 2 && !growthIsInSteps(n);
    }

    /** Whole seconds until {@code value} reaches {@code limit} at a positive {@code slopePerSecond}. */
    static long secondsToLimit(long limit, long value, double slopePerSecond) {
        return (long) Math.ceil(Math.max(0, limit - value) / slopePerSecond);
    }

    /** Whether a climb may be reported on a process's first day: it would exhaust within {@link DetectorSettings#firstDayWithin()}. */
    private boolean exhaustsSoon(long secondsToExhaustion) {
        return secondsToExhaustion >= 0 && secondsToExhaustion <= firstDayWithinSeconds;
    }

    /** How long the track has been watched, as far as its longest ring remembers. */
    private static double secondsObserved(ResourceTrack track, long now) {
        BucketRing longest = track.rings[track.rings.length - 1];
        if (longest.highestEvictedFloor() != Long.MIN_VALUE) {
            return Double.POSITIVE_INFINITY; // floors already fell out of the longest ring
        }
        return longest.closedBuckets() == 0 ? 0 : (now - longest.oldestStartMillis()) / 1000.0;
    }

    private boolean useDaily(Scale scale, int n) {
        return scale.dailyCycle() && n > 0 && seconds[n - 1] - seconds[0] >= DAILY_FIT_MIN_SPAN_SECONDS;
    }

    private double halfSpan(int from, int to) {
        return seconds[to - 1] - seconds[from];
    }

    /**
     * A leak keeps setting new floors; a daily rise or a refilled cache climbs back to where it
     * already was. The fitted floor must exceed every floor that ended before this window began,
     * and the climb must not start far below them: a climb out of a dip (the trough of a daily
     * cycle watched on its first day, the bottom of a GC sawtooth, a flushed cache) retraces a fall
     * rather than leaking. "Far" is more than half the climb across the window, so a leak that
     * starts from a flat, noisy level (whose fitted line starts a little under it) still counts.
     */
    private static boolean climbsFromAboveEarlierFloors(ResourceTrack track, int scaleIndex, BucketRing window, TrendFit fit) {
        long windowStart = window.oldestStartMillis();
        long earlierHigh = Long.MIN_VALUE;
        for (int i = 0; i < track.rings.length; i++) {
            BucketRing ring = track.rings[i];
            earlierHigh = Math.max(earlierHigh, ring.highestFloorEndingBy(windowStart));
            if (i >= scaleIndex) {
                // what fell out of a ring at least as long as this window is older than the window: a
                // pool that swings back up, an hourly batch, yesterday's peak revisit levels already seen
                earlierHigh = Math.max(earlierHigh, ring.highestEvictedFloor());
            }
        }
        if (earlierHigh == Long.MIN_VALUE) {
            return true;
        }
        double climb = fit.slopePerSecond() * fit.spanSeconds();
        double fittedAtStart = fit.fittedAtEnd() - climb;
        return fit.fittedAtEnd() > earlierHigh && fittedAtStart >= earlierHigh - 0.5 * climb;
    }

    /** What the floors before a window say about the climb in it. */
    private enum History { STEADY, LEVELS_OFF, TOO_SHORT }

    /**
     * A warm-up (a cold start, a cache filling) climbs fast at first and ever slower: its recent
     * slope is well below its average slope since the oldest floor on record. A leak keeps its pace
     * (or speeds up); one that began after a flat stretch climbs faster now than on average.
     */
    private History history(ResourceTrack track, TrendFit fit, long now) {
        // the finest ring that reaches far enough back; a coarse ring's oldest bucket may have
        // begun long before the first sample, so its floor is dated no earlier than that sample
        long watchedSince = watchedSince(track);
        for (int i = 0; i < track.rings.length; i++) {
            BucketRing ring = track.rings[i];
            long floor = ring.closedBuckets() > 0 ? ring.oldestFloor() : Long.MIN_VALUE;
            if (floor == Long.MIN_VALUE) {
                continue;
            }
            long floorAt = Math.max(ring.oldestStartMillis() + settings.scales().get(i).bucket().toMillis() / 2, watchedSince);
            double sinceOldest = (now - floorAt) / 1000.0;
            if (sinceOldest >= 1.5 * fit.spanSeconds()) {
                double averageSlope = (fit.fittedAtEnd() - floor) / sinceOldest;
                return fit.slopePerSecond() < settings.levelOffRatio() * averageSlope ? History.LEVELS_OFF : History.STEADY;
            }
        }
        return History.TOO_SHORT; // too little history beyond this window to compare with
    }

    /**
     * When the track's first sample arrived, to within the finest ring that still holds its first
     * bucket; Long.MIN_VALUE when every ring has let buckets go (watched for long).
     */
    private static long watchedSince(ResourceTrack track) {
        for (BucketRing ring : track.rings) {
            if (ring.closedBuckets() > 0 && ring.closedBuckets() < ring.capacity()) { // it still holds its first bucket
                return ring.oldestStartMillis();
            }
        }
        return Long.MIN_VALUE;
    }

    private String pattern(TrendFit older, TrendFit newer, int n) {
        if (newer.slopePerSecond() > 1.6 * older.slopePerSecond()) {
            return "ACCELERATING";
        }
        return n >= 10 && growthIsInSteps(n) ? "STEPPED" : "LINEAR";
    }

    /** Most of the climb happens in a few jumps between floors. */
    private boolean growthIsInSteps(int n) {
        double[] rises = new double[n - 1];
        double total = 0;
        for (int i = 1; i < n; i++) {
            rises[i - 1] = Math.max(0, values[i] - values[i - 1]);
            total += rises[i - 1];
        }
        if (total <= 0) {
            return false;
        }
        java.util.Arrays.sort(rises);
        int top = Math.max(1, rises.length / 5);
        double topSum = 0;
        for (int i = rises.length - top; i < rises.length; i++) {
            topSum += rises[i];
        }
        return topSum > 0.8 * total;
    }

    /** Two-sided normal confidence that the slope is not zero, from its t statistic. */
    static double confidence(double t) {
        if (Double.isInfinite(t)) {
            return 0.9999;
        }
        double p = erfc(Math.abs(t) / Math.sqrt(2));
        return Math.min(0.9999, Math.max(0, 1 - p));
    }

    /** Complementary error function (Numerical Recipes' erfcc, fractional error below 1.2e-7). */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
