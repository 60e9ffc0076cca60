package dev.leakwatch.sim.scenario;

import java.util.SplittableRandom;

import dev.leakwatch.sim.Scenario;

/** The healthy shapes: each looks like a leak over some stretch of time, and none is one. */
final class HealthyBehaviours {
    private HealthyBehaviours() {
    }

    /** Resting levels with noise only. */
    static final class Flat extends Behaviour {
        Flat(ProcessProfile profile, double timeScale) {
            super(profile, timeScale);
        }

        @Override
        public Scenario scenario() {
            return Scenario.FLAT;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            // the baseline and the simulation's noise are the whole shape
        }
    }

    /** RSS climbs linearly from the floor to a ceiling, then a collection drops it back; the floor never moves. */
    static final class GcSawtooth extends Behaviour {
        private final double amplitude;
        private final double period;
        private final double phase;

        GcSawtooth(ProcessProfile profile, double timeScale, SplittableRandom rng) {
            this(profile, timeScale, Draw.uniform(rng, 0.3, 1.0), rng);
        }

        private GcSawtooth(ProcessProfile profile, double timeScale, double amplitudeShare, SplittableRandom rng) {
            super(profile.withPeakUnder(0.75, amplitudeShare), timeScale);
            this.amplitude = amplitudeShare * this.profile.rssBase();
            this.period = Draw.logUniform(rng, 10 * 60, 3 * HOUR) * timeScale;
            this.phase = rng.nextDouble();
        }

        @Override
        public Scenario scenario() {
            return Scenario.GC_SAWTOOTH;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            double position = age / period + phase;
            levels.rss += amplitude * (position - Math.floor(position));
        }

        double period() {
            return period;
        }
    }

    /** RSS (and the connection pool) fill towards a plateau after every start, then stay. */
    static final class CacheWarmup extends Behaviour {
        private final double cache;
        private final double tau;

        CacheWarmup(ProcessProfile profile, double timeScale, SplittableRandom rng) {
            this(profile, timeScale, Draw.uniform(rng, 0.5, 2.5), rng);
        }

        private CacheWarmup(ProcessProfile profile, double timeScale, double cacheShare, SplittableRandom rng) {
            super(profile.withPeakUnder(0.7, cacheShare), timeScale);
            this.cache = cacheShare * this.profile.rssBase();
            this.tau = Draw.logUniform(rng, 20 * 60, 8 * HOUR) * timeScale;
        }

        @Override
        public Scenario scenario() {
            return Scenario.CACHE_WARMUP;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            double filled = 1 - Math.exp(-age / tau);
            levels.rss += cache * filled;
            levels.established = profile.establishedMean() * filled;
        }

        @Override
        public double initialAge(SplittableRandom rng) {
            // started shortly before the window, so the warm-up is watched
            return Draw.uniform(rng, 0, 30 * 60) * timeScale;
        }
    }

    /** Load follows the time of day: memory, connections and worker threads rise in the morning and fall at night. */
    static final class DailyCycle extends Behaviour {
        private final double memorySwing;
        private final double threadSwing;
        private final double peakAt;

        DailyCycle(ProcessProfile profile, double timeScale, SplittableRandom rng) {
            this(profile, timeScale, Draw.uniform(rng, 0.3, 1.2), rng);
        }

        private DailyCycle(ProcessProfile profile, double timeScale, double swingShare, SplittableRandom rng) {
            super(profile.withPeakUnder(0.75, swingShare), timeScale);
            this.memorySwing = swingShare * this.profile.rssBase();
            this.threadSwing = Draw.uniform(rng, 0, 60);
            this.peakAt = rng.nextDouble();
        }

        @Override
        public Scenario scenario() {
            return Scenario.DAILY_CYCLE;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            double day = trueMillis / 1000.0 / (DAY * timeScale);
            double load = 0.5 * (1 + Math.cos(2 * Math.PI * (day - peakAt)));
            levels.rss += memorySwing * load;
            levels.established *= 0.3 + 1.4 * load;
            levels.threads += threadSwing * load;
        }
    }

    /** One jump (a bigger cache configured, a data set loaded) at a set moment, then flat again. */
    static final class OneOffStep extends Behaviour {
        private final double rssStep;
        private final double fileStep;
        private final long stepAtMillis;
        private long incarnationStart;

        OneOffStep(ProcessProfile profile, double timeScale, SplittableRandom rng, long windowStart, long windowEnd) {
            this(profile, timeScale, Draw.uniform(rng, 0.2, 0.9), rng, windowStart, windowEnd);
        }

        private OneOffStep(ProcessProfile profile, double timeScale, double stepShare, SplittableRandom rng,
                           long windowStart, long windowEnd) {
            super(profile.withPeakUnder(0.75, stepShare), timeScale);
            this.rssStep = stepShare * this.profile.rssBase();
            this.fileStep = rng.nextDouble() < 0.5 ? Draw.uniform(rng, 5, 80) : 0;
            long span = windowEnd - windowStart;
            this.stepAtMillis = windowStart + (long) (span * Draw.uniform(rng, 0.1, 0.9));
        }

        @Override
        public Scenario scenario() {
            return Scenario.ONE_OFF_STEP;
        }

        @Override
        public void startIncarnation(long startTrueMillis, SplittableRandom rng) {
            incarnationStart = startTrueMillis;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            if (incarnationStart < stepAtMillis && trueMillis >= stepAtMillis) {
                levels.rss += rssStep;
                levels.files += fileStep;
            }
        }
    }

    /** At the same minute every hour a batch runs for a few minutes: memory ramps up, files and threads open, then all drop. */
    static final class HourlyBatch extends Behaviour {
        private final double rssBurst;
        private final double fileBurst;
        private final double threadBurst;
        private final double hour;
        private final double offset;
        private final double length;

        HourlyBatch(ProcessProfile profile, double timeScale, SplittableRandom rng) {
            this(profile, timeScale, Draw.uniform(rng, 0.3, 1.5), rng);
        }

        private HourlyBatch(ProcessProfile profile, double timeScale, double burstShare, SplittableRandom rng) {
            super(profile.withPeakUnder(0.75, burstShare), timeScale);
            this.rssBurst = burstShare * this.profile.rssBase();
            this.fileBurst = Draw.uniform(rng, 10, 150);
            this.threadBurst = Draw.uniform(rng, 0, 40);
            this.hour = HOUR * timeScale;
            this.offset = rng.nextDouble() * hour;
            this.length = Draw.uniform(rng, 5 * 60, 20 * 60) * timeScale;
        }

        @Override
        public Scenario scenario() {
            return Scenario.HOURLY_BATCH;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            double inHour = ((trueMillis / 1000.0 - offset) % hour + hour) % hour;
            if (inHour < length) {
                double progress = inHour / length;
                levels.rss += rssBurst * progress;
                levels.files += fileBurst * Math.min(1, 3 * progress);
                levels.threads += threadBurst;
            }
        }
    }

    /** A connection pool that opens and closes connections all the time; a few sockets sit in CLOSE_WAIT briefly. */
    static final class PoolChurn extends Behaviour {
        private final double poolMin;
        private final double poolMax;
        private final double closeWaitMean;
        private double open;

        PoolChurn(ProcessProfile profile, double timeScale, SplittableRandom rng) {
            super(profile, timeScale);
            double ceiling = Math.min(400, 0.25 * profile.fdLimit());
            this.poolMin = Draw.uniform(rng, 2, ceiling / 4);
            this.poolMax = Draw.uniform(rng, poolMin + 5, ceiling);
            this.closeWaitMean = Draw.uniform(rng, 0.5, 4);
        }

        @Override
        public Scenario scenario() {
            return Scenario.POOL_CHURN;
        }

        @Override
        public void startIncarnation(long startTrueMillis, SplittableRandom rng) {
            open = poolMin;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            double middle = (poolMin + poolMax) / 2;
            open += rng.nextGaussian() * (poolMax - poolMin) * 0.08 - 0.1 * (open - middle);
            open = Math.max(poolMin, Math.min(poolMax, open));
            levels.established = open;
            levels.closeWait += Math.max(0, Math.round(closeWaitMean + rng.nextGaussian() * Math.sqrt(closeWaitMean)));
            levels.synRecv += rng.nextDouble() < 0.2 ? 1 : 0;
        }
    }

    /** Exits every few minutes to hours and is started again: each incarnation ramps up from a cold start. */
    static final class RestartChurn extends Behaviour {
        private final double minLife;
        private final double maxLife;
        private final double coldShare;
        private final double warmTau;

        RestartChurn(ProcessProfile profile, double timeScale, SplittableRandom rng) {
            super(profile, timeScale);
            this.minLife = 30 * 60 * timeScale;
            this.maxLife = Draw.uniform(rng, 3, 12) * HOUR * timeScale;
            this.coldShare = Draw.uniform(rng, 0.2, 0.6);
            this.warmTau = Draw.uniform(rng, 3 * 60, 15 * 60) * timeScale;
        }

        @Override
        public Scenario scenario() {
            return Scenario.RESTART_CHURN;
        }

        @Override
        public void shape(double age, long trueMillis, Levels levels, SplittableRandom rng) {
            double cold = Math.exp(-age / warmTau);
            levels.rss -= coldShare * profile.rssBase() * cold;
            levels.threads -= 0.5 * profile.threadsBase() * cold;
        }

        @Override
        public double plannedLife(SplittableRandom rng) {
            return Draw.logUniform(rng, minLife, maxLife);
        }

        @Override
        public double initialAge(SplittableRandom rng) {
            return Draw.uniform(rng, 0, minLife);
        }
    }
}
