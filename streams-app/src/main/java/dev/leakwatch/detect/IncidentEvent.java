package dev.leakwatch.detect;

import java.util.Set;

/**
 * One transition of one incident, as the detector decided it.
 *
 * @param eventTime               event time of the sample the decision was taken on
 * @param limit                   the limit, or {@link Reading#NO_LIMIT}
 * @param timeToExhaustionSeconds projected seconds to the limit from {@code eventTime}, or -1 when unknown
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
        double confidence,
        LeakSeverity severity,
        String pattern,
        String hint,
        String reason) {

    public enum Transition { OPENED, UPDATED, RESOLVED }
}
