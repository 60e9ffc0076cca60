package dev.leakwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.topic.ProcessKey;

/** Properties of whole simulated fleets, over several seeds: the labels say what the samples do. */
class ScenarioShapesTest {
    private static final long MINUTE = 60_000;

    @Test
    void aLeakReachesItsLimitAtTheLabelledTime() {
        int checked = 0;
        for (long seed = 1; seed <= 4; seed++) {
            FleetSpec spec = FleetSpec.benchmark(4, 10, Duration.ofDays(3), Duration.ofSeconds(60), seed)
                    .withScenarios(EnumSet.copyOf(Scenario.leaking())).withoutDisturbances();
            FleetSimulation simulation = new FleetSimulation(spec);
            Map<String, Long> firstSaturated = new HashMap<>();
            while (simulation.hasNext()) {
                ProcessSample sample = simulation.next();
                if (sample.getFdCount() >= sample.getFdLimit()) {
                    firstSaturated.putIfAbsent(ProcessKey.of(sample), sample.getTimestamp().toEpochMilli());
                }
            }
            for (GroundTruth truth : simulation.groundTruth()) {
                if (!truth.leaks() || truth.exhaustionTime() > truth.endTime() - 5 * MINUTE) {
                    continue;
                }
                // the first limit met: fds saturate (the process lives on), memory and threads end it
                long died = switch (truth.endReason()) {
                    case OOM_KILLED, THREAD_LIMIT_CRASH -> truth.endTime();
                    default -> Long.MAX_VALUE;
                };
                long reached = Math.min(died, firstSaturated.getOrDefault(truth.processKey(), Long.MAX_VALUE));
                long tolerance = truth.scenario() == Scenario.RSS_STEPPED
                        ? truth.leakLifeMillis() / 8 + 2 * MINUTE
                        : Math.max(3 * MINUTE, truth.leakLifeMillis() * 3 / 100);
                assertThat(reached).as("%s %s labelled %s", truth.scenario(), truth.processKey(), Instant.ofEpochMilli(truth.exhaustionTime()))
                        .isBetween(truth.exhaustionTime() - tolerance, truth.exhaustionTime() + tolerance);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void aHealthySawtoothHasNoTrendOverItsPeriods() {
        for (long seed = 1; seed <= 5; seed++) {
            FleetSpec spec = FleetSpec.benchmark(2, 5, Duration.ofDays(2), Duration.ofSeconds(60), seed)
                    .withScenarios(EnumSet.of(Scenario.GC_SAWTOOTH)).withoutDisturbances();
            for (List<double[]> series : seriesByProcess(spec, s -> (double) s.getRssBytes()).values()) {
                // compare the first and the last quarter of a day's worth of samples: whole numbers of
                // periods average to the same level when the floor does not move
                if (series.size() < 1440) {
                    continue;
                }
                double early = mean(series.subList(300, 300 + 360));
                double late = mean(series.subList(series.size() - 360, series.size()));
                double swing = max(series) - min(series.subList(300, series.size()));
                assertThat(Math.abs(late - early)).as("drift of the mean against the swing %s", swing).isLessThan(0.25 * swing);
                double lateFloor = min(series.subList(series.size() - 360, series.size()));
                double earlyFloor = min(series.subList(300, 660));
                assertThat(Math.abs(lateFloor - earlyFloor)).isLessThan(0.1 * swing);
            }
        }
    }

    @Test
    void aRisingSawtoothFloorIsALeakAndItsFloorRises() {
        FleetSpec spec = FleetSpec.benchmark(2, 5, Duration.ofDays(1), Duration.ofSeconds(60), 11)
                .withScenarios(EnumSet.of(Scenario.RSS_SAWTOOTH_FLOOR)).withoutDisturbances();
        for (List<double[]> series : seriesByProcess(spec, s -> (double) s.getRssBytes()).values()) {
            if (series.size() < 480) {
                continue;
            }
            double earlyFloor = min(series.subList(30, 30 + 120));
            double lateFloor = min(series.subList(series.size() - 120, series.size()));
            assertThat(lateFloor).isGreaterThan(earlyFloor);
        }
    }

    @Test
    void aCacheWarmupSaturatesBelowTheLimit() {
        for (long seed = 1; seed <= 3; seed++) {
            FleetSpec spec = FleetSpec.benchmark(2, 5, Duration.ofDays(3), Duration.ofSeconds(60), seed)
                    .withScenarios(EnumSet.of(Scenario.CACHE_WARMUP)).withoutDisturbances();
            FleetSimulation simulation = new FleetSimulation(spec);
            Map<String, List<double[]>> series = new HashMap<>();
            Map<String, Long> limits = new HashMap<>();
            while (simulation.hasNext()) {
                ProcessSample s = simulation.next();
                series.computeIfAbsent(ProcessKey.of(s), k -> new ArrayList<>()).add(new double[] {s.getTimestamp().toEpochMilli(), s.getRssBytes()});
                limits.put(ProcessKey.of(s), s.getMemoryLimitBytes());
            }
            series.forEach((key, points) -> {
                double lastDay = mean(points.subList(points.size() - 1440, points.size()));
                double dayBefore = mean(points.subList(points.size() - 2880, points.size() - 1440));
                assertThat(max(points)).isLessThan(0.8 * limits.get(key));
                assertThat(Math.abs(lastDay - dayBefore)).isLessThan(0.1 * lastDay);
            });
        }
    }

    @Test
    void lateLeaksStartHoursAfterTheProcessAndSlowLeaksTakeWeeks() {
        FleetSpec spec = FleetSpec.benchmark(4, 10, Duration.ofDays(3), Duration.ofSeconds(60), 21)
                .withScenarios(EnumSet.of(Scenario.LATE_LEAK, Scenario.SLOW_LEAK));
        List<GroundTruth> truth = FleetSimulation.groundTruthOf(spec);
        assertThat(truth).filteredOn(t -> t.scenario() == Scenario.LATE_LEAK && t.leaks()).isNotEmpty()
                .allSatisfy(t -> assertThat(t.leakOnset() - t.startTime()).isGreaterThanOrEqualTo(Duration.ofHours(3).toMillis()));
        assertThat(truth).filteredOn(t -> t.scenario() == Scenario.SLOW_LEAK).isNotEmpty()
                .allSatisfy(t -> assertThat(t.leakLifeMillis()).isBetween(Duration.ofDays(7).toMillis(), Duration.ofDays(21).toMillis()));
    }

    @Test
    void socketLeaksNameTheirStateAsRootCauseAndFdsAsRelated() {
        FleetSpec spec = FleetSpec.benchmark(2, 6, Duration.ofHours(6), Duration.ofSeconds(60), 2)
                .withScenarios(EnumSet.of(Scenario.CLOSE_WAIT_PILEUP, Scenario.SILENT_ESTABLISHED));
        assertThat(FleetSimulation.groundTruthOf(spec)).isNotEmpty().allSatisfy(t -> {
            assertThat(t.expectedResource()).isIn(Resource.TCP_CLOSE_WAIT, Resource.TCP_ESTABLISHED);
            assertThat(t.relatedResources()).containsExactly(Resource.OPEN_FDS);
        });
    }

    @Test
    void aDemoFleetRunsAtWallClockTimeWithLeaksOfMinutesToHours() {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        FleetSpec spec = new FleetSpec("demo", 6, 4, now, Duration.ofHours(2), Duration.ofSeconds(2), 1, 1.0 / 60,
                Duration.ofSeconds(1), 0.3, 0.2, 0.5, EnumSet.allOf(Scenario.class));
        FleetSimulation simulation = new FleetSimulation(spec);
        FleetSimulation.Tick first = simulation.nextTick();
        assertThat(first.samples()).allSatisfy(s ->
                assertThat(s.getTimestamp()).isBetween(now.minusSeconds(1), now.plusSeconds(3)));
        while (simulation.nextTick() != null) {
            // run to the end for the labels
        }
        assertThat(simulation.groundTruth()).filteredOn(GroundTruth::leaks).isNotEmpty()
                .allSatisfy(t -> assertThat(t.leakLifeMillis()).isBetween(Duration.ofSeconds(50).toMillis(), Duration.ofHours(9).toMillis()));
    }

    private interface Value {
        double of(ProcessSample sample);
    }

    private static Map<String, List<double[]>> seriesByProcess(FleetSpec spec, Value value) {
        FleetSimulation simulation = new FleetSimulation(spec);
        Map<String, List<double[]>> series = new HashMap<>();
        while (simulation.hasNext()) {
            ProcessSample s = simulation.next();
            series.computeIfAbsent(ProcessKey.of(s), k -> new ArrayList<>()).add(new double[] {s.getTimestamp().toEpochMilli(), value.of(s)});
        }
        return series;
    }

    private static double mean(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
    }

    private static double max(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[1]).max().orElseThrow();
    }

    private static double min(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[1]).min().orElseThrow();
    }
}
