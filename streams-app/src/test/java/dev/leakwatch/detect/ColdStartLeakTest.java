package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/**
 * A leak that begins with the process, after a cold start that climbed faster for its first
 * minutes: the medium window holds that faster start for the leak's whole life, so the climb as a
 * whole bends like a warm-up levelling off. What came after the start is judged on its own when it
 * would exhaust within the hour (on seed 7 of `bench detect`, 9 incarnations of one such service
 * were OOM-killed unreported).
 */
class ColdStartLeakTest {
    private static final long MINUTE = 60_000;
    private static final long MIB = 1L << 20;
    private static final long LIMIT = 8192 * MIB;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());
    private final Random random = new Random(21);

    @Test
    void reportsALeakFromTheStartBehindAFasterColdStartBeforeItRunsOutOfMemory() {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        long t = 0;
        while (true) {
            long minutes = t / MINUTE;
            // 75 MiB a minute for the first 10 minutes, then 44 MiB a minute until the 8 GiB limit
            long rss = 800 * MIB + Math.min(minutes, 10) * 75 * MIB + Math.max(0, minutes - 10) * 44 * MIB + random.nextInt(1 << 20);
            if (rss >= LIMIT) {
                break; // OOM-killed
            }
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.MEMORY_RSS, rss, LIMIT))));
            t += MINUTE;
        }
        long killedAt = t;

        assertThat(killedAt).isEqualTo(161 * MINUTE);
        assertThat(events).filteredOn(e -> e.transition() == Transition.OPENED).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(LeakResource.MEMORY_RSS);
            assertThat(e.severity()).isEqualTo(LeakSeverity.CRITICAL);
            assertThat(e.eventTime()).isLessThan(killedAt);
        });
    }
}
