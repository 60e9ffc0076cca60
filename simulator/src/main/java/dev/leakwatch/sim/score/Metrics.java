package dev.leakwatch.sim.score;

/**
 * How one detector did on a set of process incarnations (the whole fleet or one scenario).
 * Ratios are NaN when undefined (no leak to find, nothing flagged).
 *
 * @param incarnations            incarnations with at least one sample
 * @param leaks                   incarnations that leaked while watched
 * @param scoredLeaks             leaks watched long enough to count towards recall (see {@link ScoringSettings})
 * @param detected                scored leaks with an incident at or after onset
 * @param rootCauseCorrect        detected leaks whose first incident after onset names the scenario's resource
 * @param flaggedLeaking          incarnations with an incident that really leaked (an incident at or after onset)
 * @param flaggedHealthy          incarnations with incidents that did not leak when they were opened
 * @param incidents               OPENED incidents about known incarnations
 * @param falseIncidents          OPENED incidents on healthy incarnations or before a leak's onset
 * @param duplicates              OPENED incidents beyond the first per incarnation
 * @param healthyProcessDays      process-days watched while not leaking
 * @param medianDetectionFraction of detected leaks: (first incident − onset) / (exhaustion − onset)
 * @param medianLeadTimeHours     of detected leaks: exhaustion − first incident, hours (negative: after exhaustion)
 */
public record Metrics(
        long incarnations,
        long leaks,
        long scoredLeaks,
        long detected,
        long rootCauseCorrect,
        long flaggedLeaking,
        long flaggedHealthy,
        long incidents,
        long falseIncidents,
        long duplicates,
        double healthyProcessDays,
        double medianDetectionFraction,
        double medianLeadTimeHours) {

    public double precision() {
        return ratio(flaggedLeaking, flaggedLeaking + flaggedHealthy);
    }

    public double recall() {
        return ratio(detected, scoredLeaks);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double rootCauseAccuracy() {
        return ratio(rootCauseCorrect, detected);
    }

    public double falseIncidentsPer1000HealthyProcessDays() {
        return healthyProcessDays == 0 ? Double.NaN : falseIncidents / healthyProcessDays * 1000;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
