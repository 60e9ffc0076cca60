package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/**
 * One incident per leak across its whole life: once an incident resolved because its growth
 * stopped, the resources it held as related do not open incidents of their own in the same
 * incarnation when they climb again (on seed 42 of `bench detect` a daily cycle's THREADS incident,
 * memory related, resolved overnight and memory opened a second incident the next morning).
 */
class RelatedResourceHysteresisTest {
    private static final long STEP = 15_000;
    private static final long MINUTE = 60_000;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());
    private final Random random = new Random(8);

    @Test
    void memoryHeldAsRelatedDoesNotOpenItsOwnIncidentWhenItClimbsAgain() {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        long threads = 100;
        long extraMemory = 0;
        for (long t = 0; t < 3 * 60 * MINUTE; t += STEP) {
            if (t < 25 * MINUTE && t % MINUTE == 0) {
                threads += 10; // a thread leak, 8 MiB each: one incident, THREADS, memory related
            }
            if (t >= 2 * 60 * MINUTE && t % MINUTE == 0) {
                extraMemory += 80 * MIB; // after an hour and a half at rest, memory alone climbs again
            }
            long rss = GIB + threads * 8 * MIB + extraMemory + random.nextInt(1 << 20);
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.MEMORY_RSS, rss, 16 * GIB),
                    new Reading(LeakResource.THREADS, threads + random.nextInt(2), 32768))));
        }

        assertThat(events).filteredOn(e -> e.transition() == Transition.OPENED).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(LeakResource.THREADS);
            assertThat(e.relatedResources()).contains(LeakResource.MEMORY_RSS);
        });
        assertThat(events).filteredOn(e -> e.transition() == Transition.RESOLVED).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("growth stopped"));
        assertThat(events).noneMatch(e -> e.resource() == LeakResource.MEMORY_RSS);
    }
}
