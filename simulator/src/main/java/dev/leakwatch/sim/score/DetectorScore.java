package dev.leakwatch.sim.score;

import java.util.Map;

import dev.leakwatch.sim.Scenario;

/**
 * One detector's score on one labelled fleet.
 *
 * @param unmatchedIncidents OPENED incidents about processes the ground truth does not know (counted nowhere else)
 */
public record DetectorScore(String detector, Metrics overall, Map<Scenario, Metrics> byScenario, long unmatchedIncidents) {
    public DetectorScore {
        byScenario = Map.copyOf(byScenario);
    }
}
