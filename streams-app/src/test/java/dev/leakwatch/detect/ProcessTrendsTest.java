package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;

import org.junit.jupiter.api.Test;

class ProcessTrendsTest {
    private static final long STEP_MILLIS = 2_000;
    private final DetectorSettings settings = DetectorSettings.defaults();

    @Test
    void opensWhenFdsGrowSteadilyTowardsTheirLimit() {
        // 3 fds per 2 s tick from 50: 1024 is reached in about 11 minutes
        List<LeakFinding> findings = run(150, i -> 50 + 3L * i, LeakResource.OPEN_FDS, 1024);
        assertThat(findings).hasSize(1);
        LeakFinding finding = findings.get(0);
        assertThat(finding.resource()).isEqualTo(LeakResource.OPEN_FDS);
        assertThat(finding.slopePerHour()).isCloseTo(5400, org.assertj.core.api.Assertions.within(1.0));
        assertThat(finding.severity()).isEqualTo(LeakSeverity.CRITICAL);
        assertThat(finding.limit()).isEqualTo(1024);
        long expectedSeconds = (long) Math.ceil((1024 - finding.currentValue()) / 1.5);
        assertThat(finding.timeToExhaustionSeconds()).isEqualTo(expectedSeconds);
        assertThat(finding.hint()).contains("/proc/PID/fd");
    }

    @Test
    void reportsALeakOnlyOnce() {
        ProcessTrends trends = new ProcessTrends(settings);
        int reported = 0;
        for (int i = 0; i < 600; i++) {
            reported += trends.observe(i * STEP_MILLIS, List.of(new Reading(LeakResource.OPEN_FDS, 50 + 3L * i, 100_000))).size();
        }
        assertThat(reported).isEqualTo(1);
        assertThat(trends.hasReported(LeakResource.OPEN_FDS)).isTrue();
    }

    @Test
    void leavesAProcessThatOpensAndClosesFilesAlone() {
        Random random = new Random(42);
        assertThat(run(300, i -> 40 + random.nextInt(3), LeakResource.OPEN_FDS, 1024)).isEmpty();
    }

    @Test
    void leavesWarmUpThatLevelsOffAlone() {
        // a cache filling up over a few minutes, then saturating at 2 GiB of an 8 GiB limit
        long gib = 1L << 30;
        assertThat(run(600, i -> (long) (2 * gib * (1 - Math.exp(-i / 90.0))), LeakResource.MEMORY_RSS, 8 * gib)).isEmpty();
    }

    @Test
    void asksForMoreEvidenceWhenExhaustionIsFurtherAway() {
        // same climb, same R²: against a small limit it is urgent and reported sooner than against a big one
        long soon = firstReportAt(i -> 50 + 3L * i, 1024);
        long later = firstReportAt(i -> 50 + 3L * i, 6000);
        assertThat(soon).isLessThan(later);
        assertThat(soon).isGreaterThanOrEqualTo(settings.minSpan().toMillis());
    }

    @Test
    void leavesGrowthThatWouldTakeLongerThanTheHorizonAlone() {
        // 1 fd per tick against a 1,000,000 fd limit: about 23 days away
        assertThat(run(300, i -> 100 + i, LeakResource.OPEN_FDS, 1_000_000)).isEmpty();
    }

    @Test
    void cannotProjectWithoutALimit() {
        assertThat(run(300, i -> 100 + 5L * i, LeakResource.THREADS, Reading.NO_LIMIT)).isEmpty();
    }

    @Test
    void waitsForEnoughEvidence() {
        assertThat(run(settings.minPoints() - 1, i -> 50 + 10L * i, LeakResource.OPEN_FDS, 1024)).isEmpty();
    }

    @Test
    void resumesFromItsStoredFormWithoutReportingAgain() {
        ProcessTrends trends = new ProcessTrends(settings);
        int i = 0;
        while (!trends.hasReported(LeakResource.OPEN_FDS)) {
            trends.observe(i * STEP_MILLIS, List.of(new Reading(LeakResource.OPEN_FDS, 50 + 3L * i, 1024)));
            i++;
        }
        ProcessTrends restored = ProcessTrends.fromBytes(trends.toBytes(), settings);
        assertThat(restored.hasReported(LeakResource.OPEN_FDS)).isTrue();
        assertThat(restored.observe(i * STEP_MILLIS, List.of(new Reading(LeakResource.OPEN_FDS, 50 + 3L * i, 1024)))).isEmpty();
        assertThat(restored.toBytes()).hasSizeGreaterThan(trends.toBytes().length - 1);
    }

    private long firstReportAt(IntToLongFunction value, long limit) {
        ProcessTrends trends = new ProcessTrends(settings);
        for (int i = 0; i < 10_000; i++) {
            if (!trends.observe(i * STEP_MILLIS, List.of(new Reading(LeakResource.OPEN_FDS, value.applyAsLong(i), limit))).isEmpty()) {
                return i * STEP_MILLIS;
            }
        }
        throw new AssertionError("never reported");
    }

    private List<LeakFinding> run(int ticks, IntToLongFunction value, LeakResource resource, long limit) {
        ProcessTrends trends = new ProcessTrends(settings);
        List<LeakFinding> findings = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            findings.addAll(trends.observe(i * STEP_MILLIS, List.of(new Reading(resource, value.applyAsLong(i), limit))));
        }
        return findings;
    }
}
