package dev.leakwatch.sim.scenario;

import java.util.List;
import java.util.SplittableRandom;

/** The few random draws the scenarios need, all from a caller's seeded generator. */
public final class Draw {
    private Draw() {
    }

    public static double uniform(SplittableRandom rng, double from, double to) {
        return from + (to - from) * rng.nextDouble();
    }

    /** Uniform in log space: as likely to land in 1h..2h as in 1d..2d. */
    public static double logUniform(SplittableRandom rng, double from, double to) {
        return Math.exp(uniform(rng, Math.log(from), Math.log(to)));
    }

    public static <T> T pick(SplittableRandom rng, List<T> choices) {
        return choices.get(rng.nextInt(choices.size()));
    }

    /** An exponential waiting time with the given mean; infinite when the mean is. */
    public static double exponential(SplittableRandom rng, double mean) {
        if (Double.isInfinite(mean)) {
            return Double.POSITIVE_INFINITY;
        }
        return -mean * Math.log(1 - rng.nextDouble());
    }

    /** A value in [0, 1) that depends only on its two arguments (SplitMix64's finaliser). */
    public static double unitHash(long salt, long index) {
        long z = salt + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** A seed for one part of the fleet, independent of every other part's. */
    public static long seedFor(long seed, long kind, long index) {
        return (long) (unitHash(seed ^ (kind * 0x632BE59BD9B4E019L), index) * Long.MAX_VALUE) ^ (index * 31 + kind);
    }
}
