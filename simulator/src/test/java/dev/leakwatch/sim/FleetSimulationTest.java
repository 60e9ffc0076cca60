package dev.leakwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.leakwatch.json.SampleJson;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.ProcessKey;

class FleetSimulationTest {
    private static final FleetSpec SMALL = FleetSpec.benchmark(3, 6, Duration.ofHours(12), Duration.ofSeconds(60), 7);

    @Test
    void sameSeedGivesIdenticalSamplesAndGroundTruth() {
        FleetSimulation first = new FleetSimulation(SMALL);
        FleetSimulation second = new FleetSimulation(SMALL);
        List<String> a = lines(first);
        List<String> b = lines(second);
        assertThat(a).isNotEmpty().isEqualTo(b);
        assertThat(first.groundTruth()).isEqualTo(second.groundTruth());
    }

    @Test
    void differentSeedsGiveDifferentFleets() {
        FleetSpec other = FleetSpec.benchmark(3, 6, Duration.ofHours(12), Duration.ofSeconds(60), 8);
        assertThat(lines(new FleetSimulation(SMALL)).subList(0, 50)).isNotEqualTo(lines(new FleetSimulation(other)).subList(0, 50));
    }

    @Test
    void everyScenarioIsUsedWhenThereAreEnoughProcesses() {
        FleetSpec spec = FleetSpec.benchmark(4, 10, Duration.ofHours(1), Duration.ofSeconds(60), 3);
        assertThat(EnumSet.copyOf(FleetSimulation.assign(spec))).containsExactlyInAnyOrder(Scenario.values());
        long leaking = FleetSimulation.assign(spec).stream().filter(Scenario::leaks).count();
        assertThat(leaking).isEqualTo(Math.round(40 * 0.35));
    }

    @Test
    void groundTruthAccountsForEverySampleOfEveryIncarnation() {
        for (long seed = 1; seed <= 3; seed++) {
            FleetSpec spec = FleetSpec.benchmark(3, 8, Duration.ofHours(24), Duration.ofSeconds(60), seed);
            FleetSimulation simulation = new FleetSimulation(spec);
            Map<String, long[]> seen = new HashMap<>();
            long total = 0;
            while (simulation.hasNext()) {
                ProcessSample sample = simulation.next();
                long t = sample.getTimestamp().toEpochMilli();
                seen.merge(ProcessKey.of(sample), new long[] {1, t, t}, (x, y) -> new long[] {x[0] + 1, Math.min(x[1], y[1]), Math.max(x[2], y[2])});
                total++;
            }
            List<GroundTruth> truth = simulation.groundTruth();
            assertThat(truth.stream().mapToLong(GroundTruth::samples).sum()).isEqualTo(total);
            for (GroundTruth one : truth) {
                long[] counted = seen.get(one.processKey());
                if (one.samples() == 0) {
                    assertThat(counted).isNull();
                } else {
                    assertThat(counted).containsExactly(one.samples(), one.firstSample(), one.lastSample());
                    assertThat(one.startTime()).isLessThanOrEqualTo(one.firstSample());
                    assertThat(one.lastSample()).isLessThanOrEqualTo(one.endTime());
                }
            }
            assertThat(truth).extracting(GroundTruth::processKey).doesNotHaveDuplicates();
        }
    }

    @Test
    void eachProcessSamplesArriveInTimeOrderOnceAStep() {
        FleetSpec spec = SMALL.withoutDisturbances();
        FleetSimulation simulation = new FleetSimulation(spec);
        Map<String, Long> last = new HashMap<>();
        while (simulation.hasNext()) {
            ProcessSample sample = simulation.next();
            long t = sample.getTimestamp().toEpochMilli();
            Long previous = last.put(ProcessKey.of(sample), t);
            if (previous != null) {
                assertThat(t - previous).isEqualTo(spec.step().toMillis());
            }
        }
    }

    @Test
    void restartsStartNewIncarnationsWithNewStartTimesAndPidsGetReused() {
        boolean pidReused = false;
        for (long seed = 1; seed <= 4; seed++) {
            FleetSpec spec = FleetSpec.benchmark(3, 10, Duration.ofDays(2), Duration.ofSeconds(60), seed)
                    .withScenarios(EnumSet.of(Scenario.RESTART_CHURN, Scenario.RSS_LINEAR, Scenario.FD_LEAK));
            List<GroundTruth> truth = FleetSimulation.groundTruthOf(spec);
            Map<String, List<GroundTruth>> byHostPid = new HashMap<>();
            for (GroundTruth one : truth) {
                byHostPid.computeIfAbsent(one.host() + "/" + one.pid(), k -> new ArrayList<>()).add(one);
            }
            for (List<GroundTruth> samePid : byHostPid.values()) {
                Set<Long> starts = new HashSet<>();
                samePid.forEach(one -> starts.add(one.startTime()));
                assertThat(starts).hasSameSizeAs(samePid);
                pidReused |= samePid.size() > 1;
            }
            assertThat(truth).filteredOn(one -> one.endReason() == EndReason.EXITED).isNotEmpty();
            assertThat(truth).filteredOn(one -> one.endReason() == EndReason.OOM_KILLED).isNotEmpty();
            for (GroundTruth one : truth) {
                if (one.endReason() != EndReason.SIMULATION_END) {
                    // the slot's next incarnation starts after this one ended, on the same host, with a later start time
                    assertThat(truth).anySatisfy(next -> {
                        assertThat(next.host()).isEqualTo(one.host());
                        assertThat(next.scenario()).isEqualTo(one.scenario());
                        assertThat(next.startTime()).isGreaterThanOrEqualTo(one.endTime());
                    });
                }
            }
        }
        assertThat(pidReused).as("some pid is reused by a later incarnation").isTrue();
    }

    @Test
    void agentGapsLeaveHolesAndClockSkewShiftsHostsApart() {
        FleetSpec spec = new FleetSpec("gap", 6, 2, FleetSpec.DEFAULT_START, Duration.ofDays(2), Duration.ofSeconds(60), 5, 1.0,
                Duration.ofSeconds(90), 3.0, 0, 0.0, EnumSet.of(Scenario.FLAT));
        FleetSimulation simulation = new FleetSimulation(spec);
        Map<String, Long> previous = new HashMap<>();
        Set<Long> offsets = new HashSet<>();
        long biggestHole = 0;
        while (simulation.hasNext()) {
            ProcessSample sample = simulation.next();
            long t = sample.getTimestamp().toEpochMilli();
            offsets.add(Math.floorMod(t - spec.start().toEpochMilli(), spec.step().toMillis()));
            Long before = previous.put(ProcessKey.of(sample), t);
            if (before != null) {
                biggestHole = Math.max(biggestHole, t - before);
            }
        }
        assertThat(biggestHole).isGreaterThanOrEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(offsets).hasSizeGreaterThan(1);
    }

    private static List<String> lines(FleetSimulation simulation) {
        List<String> lines = new ArrayList<>();
        simulation.forEachRemaining(sample -> lines.add(SampleJson.format(sample)));
        return lines;
    }
}
