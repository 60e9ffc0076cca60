package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/**
 * Evidence scales with urgency in the number of floors too: under samples a minute apart, the
 * 5-minute scale judges a trend from 6 floors instead of 8 only when it would exhaust within the
 * hour ({@link DetectorSettings#criticalWithin()}); anything with more time left waits for the usual 8.
 */
class UrgentEvidenceTest {
    private static final long MINUTE = 60_000;
    private static final long MIB = 1L << 20;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());
    private final Random random = new Random(5);

    @Test
    void reportsAThreadLeakThatRunsOutOfMemoryWithinTheHourBeforeTheProcessDies() {
        // a thread per task, never joined: each holds a descriptor and 5 MiB, so memory (256 MiB)
        // runs out after 36 minutes, the fds (1024) after 21, the threads (32768) only after 14 h
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        long t = 0;
        while (true) {
            long minutes = t / MINUTE;
            long threads = 31 + 39 * minutes + random.nextInt(3);
            long fds = Math.min(1024, 143 + threads);
            long rss = 74 * MIB + 5 * MIB * minutes + random.nextInt(1 << 20);
            if (rss >= 256 * MIB) {
                break; // OOM-killed
            }
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.MEMORY_RSS, rss, 256 * MIB),
                    new Reading(LeakResource.OPEN_FDS, fds, 1024), new Reading(LeakResource.THREADS, threads, 32768))));
            t += MINUTE;
        }
        long diesAt = t;

        assertThat(diesAt).isEqualTo(37 * MINUTE);
        List<IncidentEvent> opened = events.stream().filter(e -> e.transition() == Transition.OPENED).toList();
        assertThat(opened).as("one incident, opened before the OOM kill").singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(LeakResource.THREADS);
            assertThat(e.relatedResources()).contains(LeakResource.MEMORY_RSS);
            assertThat(e.severity()).isEqualTo(LeakSeverity.CRITICAL);
            assertThat(e.eventTime()).isLessThan(diesAt);
        });
    }

    @Test
    void aClimbWithOverAnHourLeftWaitsForTheUsualEightFloors() {
        // fds from 100 towards 1024 at 8 a minute: about 2 h left when watching begins, over an hour after 40 min
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        for (long t = 0; t <= 60 * MINUTE; t += MINUTE) {
            long fds = 100 + 8 * t / MINUTE + random.nextInt(2);
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.OPEN_FDS, fds, 1024))));
        }

        IncidentEvent opened = events.stream().filter(e -> e.transition() == Transition.OPENED).findFirst()
                .orElseThrow(() -> new AssertionError("no OPENED in " + events));
        assertThat(opened.severity()).isEqualTo(LeakSeverity.HIGH);
        assertThat(opened.eventTime()).as("8 closed 5-minute buckets").isGreaterThanOrEqualTo(40 * MINUTE);
    }
}
