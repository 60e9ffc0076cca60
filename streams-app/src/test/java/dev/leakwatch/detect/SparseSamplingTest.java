package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/**
 * The 15 s scale (40 buckets, judged from 12 floors, or 4 for a recurring leak) can never be judged
 * under samples more than 150 s apart: its ring is left empty then, and starts filling as soon as
 * samples come closer. Under 60 s samples it fills, for recurring leaks alone (see {@link RecurringLeakTest}).
 */
class SparseSamplingTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final int FAST = 0;
    private static final int MEDIUM = 1;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());
    private final Random random = new Random(11);

    @Test
    void keepsNoFloorsAtAScaleThatSamplesThreeMinutesApartCouldNeverFill() {
        ProcessDetector process = detector.newProcess();
        for (long t = 0; t < 2 * HOUR; t += 3 * MINUTE) {
            process.observe(t, List.of(new Reading(LeakResource.OPEN_FDS, 400 + random.nextInt(3), 1024)));
            if (t % (30 * MINUTE) == 0) {
                process = detector.restore(process.toBytes());
            }
        }

        assertThat(DetectorSettings.defaults().scales().get(FAST).uselessBeyondMillis(12)).isEqualTo(50_000);
        assertThat(DetectorSettings.defaults().scales().get(FAST).uselessBeyondMillis(4)).isEqualTo(150_000);
        assertThat(process.ring(LeakResource.OPEN_FDS, FAST).closedBuckets()).isZero();
        assertThat(process.ring(LeakResource.OPEN_FDS, MEDIUM).closedBuckets()).isEqualTo(23);
    }

    @Test
    void fillsTheFastScaleOnceSamplesComeEvery15sAndReportsAnUrgentLeakWithinMinutes() {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        long t = 0;
        for (; t < HOUR; t += MINUTE) {
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.OPEN_FDS, 400 + random.nextInt(3), 1024))));
        }
        long switched = t;
        // from here every 15 s, and 10 fds a minute towards 1024: about an hour left
        for (; t < switched + HOUR; t += 15_000) {
            long fds = 400 + 10 * (t - switched) / MINUTE + random.nextInt(3);
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.OPEN_FDS, fds, 1024))));
        }

        assertThat(process.ring(LeakResource.OPEN_FDS, FAST).closedBuckets()).isPositive();
        IncidentEvent opened = events.stream().filter(e -> e.transition() == Transition.OPENED).findFirst()
                .orElseThrow(() -> new AssertionError("no OPENED in " + events));
        assertThat(opened.eventTime() - switched).as("detected after the switch").isLessThan(15 * MINUTE);
        // the 15 s ring still holds a few minute-apart floors from before the switch, flat: the first
        // projection may run long, and the next ones, from the new floors alone, make it CRITICAL
        IncidentEvent critical = events.stream().filter(e -> e.severity() == LeakSeverity.CRITICAL && e.transition() != Transition.RESOLVED)
                .findFirst().orElseThrow(() -> new AssertionError("never CRITICAL in " + events));
        assertThat(critical.eventTime() - switched).as("CRITICAL after the switch").isLessThan(15 * MINUTE);
    }
}
