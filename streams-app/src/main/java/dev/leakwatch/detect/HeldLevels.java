package dev.leakwatch.detect;

/**
 * Levels the same service already held on the same host in an earlier incarnation, and levelled off
 * at (see {@link ServiceHistory}). A new incarnation that climbs back to such a level is warming up
 * or swinging as its predecessor did, not leaking.
 */
@FunctionalInterface
public interface HeldLevels {
    /** None known: every climb is judged on its own. */
    HeldLevels NONE = (resource, limit, now) -> Long.MIN_VALUE;

    /**
     * The highest level of {@code resource} an earlier incarnation held and levelled off at under the
     * same {@code limit}, as known at {@code now}; Long.MIN_VALUE for none.
     */
    long highestHeld(LeakResource resource, long limit, long now);
}
