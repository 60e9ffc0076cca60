package dev.leakwatch.sim.scenario;

import java.util.List;
import java.util.SplittableRandom;

import dev.leakwatch.schema.Resource;
import dev.leakwatch.sim.Scenario;

/** Draws a process's behaviour for a scenario: its profile and the scenario's randomised parameters. */
public final class Behaviours {
    private static final double HOUR = 3600;
    private static final double DAY = 86_400;

    private Behaviours() {
    }

    /**
     * @param hostMemory  memory of the host (the limit of processes outside a memory cgroup)
     * @param windowStart true time the simulation starts (one-off steps happen inside the window)
     * @param windowEnd   true time it ends
     */
    public static Behaviour create(Scenario scenario, SplittableRandom rng, long hostMemory, double timeScale,
                                   long windowStart, long windowEnd) {
        double maxRssShare = scenario.leaks() ? 0.35 : 0.45;
        ProcessProfile profile = ProcessProfile.draw(rng, hostMemory, maxRssShare, timeScale);
        return switch (scenario) {
            case FLAT -> new HealthyBehaviours.Flat(profile, timeScale);
            case GC_SAWTOOTH -> new HealthyBehaviours.GcSawtooth(profile, timeScale, rng);
            case CACHE_WARMUP -> new HealthyBehaviours.CacheWarmup(profile, timeScale, rng);
            case DAILY_CYCLE -> new HealthyBehaviours.DailyCycle(profile, timeScale, rng);
            case ONE_OFF_STEP -> new HealthyBehaviours.OneOffStep(profile, timeScale, rng, windowStart,
                    Math.min(windowEnd, windowStart + (long) (3 * DAY * 1000 * timeScale)));
            case HOURLY_BATCH -> new HealthyBehaviours.HourlyBatch(profile, timeScale, rng);
            case POOL_CHURN -> new HealthyBehaviours.PoolChurn(profile, timeScale, rng);
            case RESTART_CHURN -> new HealthyBehaviours.RestartChurn(profile, timeScale, rng);
            case RSS_LINEAR -> growth(scenario, Resource.MEMORY_RSS, profile, timeScale, 0, life(rng, 2 * HOUR, 3 * DAY, timeScale), 1);
            case RSS_SAWTOOTH_FLOOR -> {
                double share = Draw.uniform(rng, 0.3, 0.8);
                ProcessProfile roomy = profile.withPeakUnder(0.5, share);
                yield new LeakBehaviours.Growth(scenario, Resource.MEMORY_RSS, roomy, timeScale, 0,
                        life(rng, 4 * HOUR, 3 * DAY, timeScale), 1, share, Draw.logUniform(rng, 10 * 60, 2 * HOUR) * timeScale);
            }
            case RSS_STEPPED -> new LeakBehaviours.Stepped(profile, timeScale, life(rng, 3 * HOUR, 3 * DAY, timeScale),
                    8 + rng.nextInt(53), rng.nextLong());
            case FD_LEAK -> growth(scenario, Resource.OPEN_FDS, profile, timeScale, 0, life(rng, HOUR, 3 * DAY, timeScale), 1);
            case CLOSE_WAIT_PILEUP -> growth(scenario, Resource.TCP_CLOSE_WAIT, profile, timeScale, 0,
                    life(rng, 3 * HOUR, 4 * DAY, timeScale), 1);
            case SILENT_ESTABLISHED -> growth(scenario, Resource.TCP_ESTABLISHED, profile, timeScale, 0,
                    life(rng, 3 * HOUR, 4 * DAY, timeScale), 1);
            case THREAD_LEAK -> new LeakBehaviours.Threads(profile, timeScale, life(rng, 3 * HOUR, 3 * DAY, timeScale),
                    Draw.uniform(rng, 16 * 1024, 128 * 1024), Draw.pick(rng, List.of(0.0, 0.0, 1.0, 2.0)));
            case LATE_LEAK -> growth(scenario, Draw.pick(rng, List.of(Resource.MEMORY_RSS, Resource.OPEN_FDS)), profile, timeScale,
                    Draw.logUniform(rng, 3 * HOUR, 2 * DAY) * timeScale, life(rng, 2 * HOUR, 2 * DAY, timeScale), 1);
            case ACCELERATING_LEAK -> growth(scenario, Resource.MEMORY_RSS, profile, timeScale, 0,
                    life(rng, 3 * HOUR, 3 * DAY, timeScale), Draw.uniform(rng, 2, 3));
            case SLOW_LEAK -> growth(scenario, Draw.pick(rng, List.of(Resource.MEMORY_RSS, Resource.OPEN_FDS, Resource.TCP_CLOSE_WAIT)),
                    profile, timeScale, 0, life(rng, 7 * DAY, 21 * DAY, timeScale), 1);
        };
    }

    private static Behaviour growth(Scenario scenario, Resource resource, ProcessProfile profile, double timeScale,
                                    double onset, double life, double power) {
        return new LeakBehaviours.Growth(scenario, resource, profile, timeScale, onset, life, power, 0, 1);
    }

    private static double life(SplittableRandom rng, double from, double to, double timeScale) {
        return Draw.logUniform(rng, from, to) * timeScale;
    }
}
