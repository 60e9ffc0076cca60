package dev.leakwatch.sim.score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.sim.GroundTruth;
import dev.leakwatch.sim.Scenario;
import dev.leakwatch.topic.ProcessKey;

/**
 * Scores a detector's incidents against ground truth, per process incarnation. Only OPENED
 * incidents count (UPDATED and RESOLVED are transitions of an incident already counted); an
 * incident belongs to the incarnation named by its host, pid and start time.
 */
public final class Scorer {
    private static final double DAY_MILLIS = 86_400_000.0;

    private final ScoringSettings settings;

    public Scorer(ScoringSettings settings) {
        this.settings = settings;
    }

    public DetectorScore score(String detector, List<GroundTruth> truths, Iterable<LeakIncident> incidents) {
        Map<String, List<LeakIncident>> opened = new HashMap<>();
        for (LeakIncident incident : incidents) {
            if (incident.getStatus() == IncidentStatus.OPENED) {
                String key = ProcessKey.of(incident.getHost(), incident.getPid(), incident.getStartTime().toEpochMilli());
                opened.computeIfAbsent(key, k -> new ArrayList<>()).add(incident);
            }
        }
        Tally overall = new Tally();
        Map<Scenario, Tally> byScenario = new EnumMap<>(Scenario.class);
        for (GroundTruth truth : truths) {
            List<LeakIncident> mine = opened.remove(truth.processKey());
            if (!truth.observed()) {
                continue;
            }
            List<LeakIncident> sorted = mine == null ? List.of() : sorted(mine);
            overall.add(truth, sorted, settings);
            byScenario.computeIfAbsent(truth.scenario(), s -> new Tally()).add(truth, sorted, settings);
        }
        long unmatched = opened.values().stream().mapToLong(List::size).sum();
        Map<Scenario, Metrics> scenarioMetrics = new EnumMap<>(Scenario.class);
        byScenario.forEach((scenario, tally) -> scenarioMetrics.put(scenario, tally.metrics()));
        return new DetectorScore(detector, overall.metrics(), scenarioMetrics, unmatched);
    }

    private static List<LeakIncident> sorted(List<LeakIncident> incidents) {
        List<LeakIncident> copy = new ArrayList<>(incidents);
        copy.sort(Comparator.comparing(LeakIncident::getEventTime));
        return copy;
    }

    /** Running counts for one set of incarnations. */
    private static final class Tally {
        long incarnations;
        long leaks;
        long scored;
        long detected;
        long rootCause;
        long flaggedLeaking;
        long flaggedHealthy;
        long incidents;
        long falseIncidents;
        long duplicates;
        double healthyMillis;
        final List<Double> detectionFractions = new ArrayList<>();
        final List<Double> leadHours = new ArrayList<>();

        void add(GroundTruth truth, List<LeakIncident> opened, ScoringSettings settings) {
            incarnations++;
            incidents += opened.size();
            duplicates += Math.max(0, opened.size() - 1);
            long first = truth.firstSample();
            long last = truth.lastSample();
            if (!truth.leaks()) {
                healthyMillis += last - first;
                falseIncidents += opened.size();
                flaggedHealthy += opened.isEmpty() ? 0 : 1;
                return;
            }
            leaks++;
            long onset = truth.leakOnset();
            long exhaustion = truth.exhaustionTime();
            healthyMillis += Math.max(0, Math.min(onset, last) - first);
            List<LeakIncident> afterOnset = new ArrayList<>();
            for (LeakIncident incident : opened) {
                if (incident.getEventTime().toEpochMilli() < onset) {
                    falseIncidents++;
                } else {
                    afterOnset.add(incident);
                }
            }
            long watched = Math.min(last, exhaustion) - Math.max(onset, first);
            double life = exhaustion - onset;
            boolean scoreable = watched > 0
                    && watched >= Math.min(settings.minObserved().toMillis(), settings.minObservedShareOfLife() * life);
            if (scoreable) {
                scored++;
            }
            if (afterOnset.isEmpty()) {
                flaggedHealthy += opened.isEmpty() ? 0 : 1;
                return;
            }
            flaggedLeaking++;
            if (scoreable) {
                LeakIncident firstIncident = afterOnset.get(0);
                long at = firstIncident.getEventTime().toEpochMilli();
                detected++;
                if (firstIncident.getResource() == truth.expectedResource()) {
                    rootCause++;
                }
                detectionFractions.add((at - onset) / life);
                leadHours.add((exhaustion - at) / 3_600_000.0);
            }
        }

        Metrics metrics() {
            return new Metrics(incarnations, leaks, scored, detected, rootCause, flaggedLeaking, flaggedHealthy, incidents,
                    falseIncidents, duplicates, healthyMillis / DAY_MILLIS, median(detectionFractions), median(leadHours));
        }

        private static double median(List<Double> values) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(Double::compare);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }
}
