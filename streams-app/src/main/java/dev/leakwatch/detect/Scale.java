package dev.leakwatch.detect;

import java.time.Duration;

/**
 * One time scale the detector watches: floors in buckets of {@code bucket}, the newest
 * {@code buckets} of them. Short scales catch leaks that exhaust within hours, long ones slow leaks.
 *
 * @param minPoints             fewest floors before a trend at this scale is judged
 * @param urgentMinPoints       fewest floors for a trend that would exhaust within
 *                              {@link DetectorSettings#criticalWithin()}: evidence scales with urgency,
 *                              and a leak with minutes left cannot wait for the usual count
 * @param evidenceFraction      a trend must have been watched for this share of its projected time to
 *                              exhaustion (within this window): urgent leaks are reported fast, slow ones
 *                              once the evidence is overwhelming
 * @param maxTimeToExhaustion   this scale only reports leaks projected to exhaust sooner than this:
 *                              a short window cannot tell a slow leak from a slow daily rise
 * @param dailyCycle            fit a daily sine/cosine beside the trend (once a day of data is in the window)
 */
public record Scale(String name, Duration bucket, int buckets, int minPoints, int urgentMinPoints, double evidenceFraction,
                    Duration maxTimeToExhaustion, boolean dailyCycle) {
    public Scale {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a scale needs a name");
        }
        if (bucket == null || bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("scale " + name + ": bucket must be a positive duration, got " + bucket);
        }
        if (buckets < 4 || buckets > 512) {
            throw new IllegalArgumentException("scale " + name + ": buckets must be within 4..512, got " + buckets);
        }
        if (minPoints < 4 || minPoints > buckets) {
            throw new IllegalArgumentException("scale " + name + ": minPoints must be within 4.." + buckets + ", got " + minPoints);
        }
        if (urgentMinPoints < 4 || urgentMinPoints > minPoints) {
            throw new IllegalArgumentException("scale " + name + ": urgentMinPoints must be within 4.." + minPoints + ", got " + urgentMinPoints);
        }
        if (!(evidenceFraction >= 0 && evidenceFraction <= 1)) {
            throw new IllegalArgumentException("scale " + name + ": evidenceFraction must be within 0..1, got " + evidenceFraction);
        }
        if (maxTimeToExhaustion == null || maxTimeToExhaustion.isNegative() || maxTimeToExhaustion.isZero()) {
            throw new IllegalArgumentException("scale " + name + ": maxTimeToExhaustion must be positive");
        }
    }

    public Duration window() {
        return bucket.multipliedBy(buckets);
    }

    /**
     * Samples further apart than this can never put {@code fewestPoints} floors into this scale's
     * window ({@code buckets × bucket / fewestPoints}): at that sampling interval the scale is never judged.
     */
    public long uselessBeyondMillis(int fewestPoints) {
        return bucket.toMillis() * buckets / fewestPoints;
    }

    public Scale withBucket(Duration newBucket) {
        return new Scale(name, newBucket, buckets, minPoints, urgentMinPoints, evidenceFraction, maxTimeToExhaustion, dailyCycle);
    }
}
