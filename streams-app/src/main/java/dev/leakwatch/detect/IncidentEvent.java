package dev.leakwatch.detect;

import java.util.Set;

/**
 * One transition of one incident, as the detector decided it.
 *
 * @param eventTime               event time of the sample the decision was taken on
 * @param limit                   the limit, or {@link Reading#NO_LIMIT}
 * @param timeToExhaustionSeconds projected seconds to the limit from {@code eventTime}, or -1 when unknown
 * @param exhausts                the resource whose limit {@code timeToExhaustionSeconds} projects to, when it is
 *                                not {@code resource} itself (threads that leak can run memory out first); null
 *                                when the projection is against {@code resource}'s own limit, or there is none
 * @param reason                  why it was resolved; null unless RESOLVED
 */
public record IncidentEvent(
        Transition transition,
        LeakResource resource,
        Set<LeakResource> relatedResources,
        long eventTime,
        double slopePerHour,
        long currentValue,
        long limit,
        long timeToExhaustionSeconds,
        LeakResource exhausts,
        double confidence,
        LeakSeverity severity,
        String pattern,
        String hint,
        String reason) {

    public IncidentEvent {
        if (exhausts != null && exhausts == resource) {
            throw new IllegalArgumentException("exhausts names another resource than " + resource + ", or is null for its own limit");
        }
        if (exhausts != null && timeToExhaustionSeconds < 0) {
            throw new IllegalArgumentException("exhausts " + exhausts + " needs a projection (timeToExhaustionSeconds >= 0)");
        }
    }

    public enum Transition { OPENED, UPDATED, RESOLVED }
}
