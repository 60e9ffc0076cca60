package dev.leakwatch.detect;

/**
 * What the earlier incarnations of the same service on the same host showed (see {@link ServiceHistory}):
 * the levels they held and levelled off at (a new incarnation that climbs back to such a level is
 * warming up or swinging as its predecessor did, not leaking), and the leaks they ended in (a climb
 * of the same resource is that leak back).
 */
@FunctionalInterface
public interface ServicePast {
    /** None known: every climb is judged on its own. */
    ServicePast NONE = (resource, limit, now) -> Long.MIN_VALUE;

    /**
     * The highest level of {@code resource} an earlier incarnation held and levelled off at under the
     * same {@code limit}, as known at {@code now}; Long.MIN_VALUE for none.
     */
    long highestHeld(LeakResource resource, long limit, long now);

    /**
     * Whether the service's newest ended incarnation known at {@code now}, under the same
     * {@code limit}, ended with an incident open on {@code resource}: a leak comes back with each
     * restart until its fix is deployed. None known by default.
     */
    default boolean leakedBefore(LeakResource resource, long limit, long now) {
        return false;
    }
}
