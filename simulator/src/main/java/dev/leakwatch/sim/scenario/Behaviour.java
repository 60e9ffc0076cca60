package dev.leakwatch.sim.scenario;

import java.util.List;
import java.util.SplittableRandom;

import dev.leakwatch.schema.Resource;
import dev.leakwatch.sim.Scenario;

/**
 * How one process slot's resources move over the life of each incarnation: a scenario with its
 * randomised parameters. Ages are seconds since the incarnation started.
 */
public abstract class Behaviour {
    protected static final double HOUR = 3600;
    protected static final double DAY = 86_400;

    protected final ProcessProfile profile;
    protected final double timeScale;

    protected Behaviour(ProcessProfile profile, double timeScale) {
        this.profile = profile;
        this.timeScale = timeScale;
    }

    public ProcessProfile profile() {
        return profile;
    }

    public abstract Scenario scenario();

    /** Adds this scenario's shape to {@code levels}, which hold the profile's baseline at {@code age}. */
    public abstract void shape(double age, long trueMillis, Levels levels, SplittableRandom rng);

    /** Called when a new incarnation starts, to reset per-incarnation state. */
    public void startIncarnation(long startTrueMillis, SplittableRandom rng) {
    }

    /** The root cause, or null for a healthy shape. */
    public Resource resource() {
        return null;
    }

    public List<Resource> relatedResources() {
        return List.of();
    }

    /** Seconds from start to leak onset; NaN when it never leaks. */
    public double onsetAge() {
        return Double.NaN;
    }

    /** Seconds from start until the leaking resource reaches its limit on the noiseless trend; infinite when never. */
    public double exhaustionAge() {
        return Double.POSITIVE_INFINITY;
    }

    /** The limit the leaking resource runs into; null when it does not leak. */
    public Long resourceLimit() {
        return null;
    }

    /** Seconds an incarnation runs before it exits on its own; infinite for most. */
    public double plannedLife(SplittableRandom rng) {
        return Double.POSITIVE_INFINITY;
    }

    /** How long before the simulation starts the first incarnation was started, in seconds. */
    public double initialAge(SplittableRandom rng) {
        return Draw.uniform(rng, 2 * HOUR, 3 * DAY) * timeScale;
    }

    protected double scaled(double seconds) {
        return seconds * timeScale;
    }
}
