package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/**
 * A service's successor that warms up to where its predecessor levelled off is not a leak: on seed
 * 42 of `bench detect` such cache warm-ups and daily rises were a third of the false incidents. The
 * rule must not hold back a leak that climbs past that level, nor learn a level from an incarnation
 * that ended leaking.
 */
class HeldLevelsTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long MIB = 1L << 20;
    private static final long LIMIT = 1L << 30;
    private static final long KEEP = Duration.ofDays(7).toMillis();

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());
    private final Random random = new Random(11);

    @Test
    void aWarmUpToTheLevelItsPredecessorLevelledOffAtOpensNoIncident() {
        ProcessDetector first = detector.newProcess();
        List<IncidentEvent> firstEvents = run(first, 0, 0, ServicePast.NONE);
        assertThat(opened(firstEvents)).as("without history the warm-up looks like a leak for its first hours").hasSize(1);
        assertThat(firstEvents).filteredOn(e -> e.transition() == Transition.RESOLVED).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("growth stopped"));

        ServiceHistory history = ServiceHistory.empty().after(30 * HOUR + 5 * MINUTE, first.levelsHeld());
        long held = history.highestHeld(LeakResource.MEMORY_RSS, LIMIT, 31 * HOUR, KEEP);
        assertThat(held).as("where the cache levelled off, 700 MiB").isBetween(680 * MIB, 710 * MIB);

        ProcessDetector second = detector.newProcess();
        List<IncidentEvent> secondEvents = run(second, 31 * HOUR, 0, levelsOf(history));
        assertThat(opened(secondEvents)).isEmpty();
    }

    @Test
    void aLeakThatClimbsPastTheHeldLevelIsStillReported() {
        ProcessDetector first = detector.newProcess();
        run(first, 0, 0, ServicePast.NONE);
        ServiceHistory history = ServiceHistory.empty().after(30 * HOUR + 5 * MINUTE, first.levelsHeld());
        long held = history.highestHeld(LeakResource.MEMORY_RSS, LIMIT, 31 * HOUR, KEEP);

        ProcessDetector leaking = detector.newProcess();
        List<IncidentEvent> events = run(leaking, 31 * HOUR, 40 * MIB, levelsOf(history));
        assertThat(opened(events)).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(LeakResource.MEMORY_RSS);
            assertThat(e.currentValue()).isGreaterThan(held);
            assertThat(e.severity()).as("found on its way, not in its last hour").isEqualTo(LeakSeverity.HIGH);
        });
    }

    @Test
    void anIncarnationThatEndsLeakingTeachesNoLevel() {
        ProcessDetector first = detector.newProcess();
        run(first, 0, 0, ServicePast.NONE);
        ServiceHistory history = ServiceHistory.empty().after(30 * HOUR + 5 * MINUTE, first.levelsHeld());

        ProcessDetector leaking = detector.newProcess();
        run(leaking, 31 * HOUR, 6 * HOUR, 40 * MIB, levelsOf(history)); // ends at 900 MiB, short of its limit, its incident open
        assertThat(leaking.isOpen(LeakResource.MEMORY_RSS)).isTrue();
        ServiceHistory.Ending ending = leaking.levelsHeld();
        assertThat(ending.levels()[LeakResource.MEMORY_RSS.ordinal()]).isEqualTo(ServiceHistory.LEAKED);

        ServiceHistory after = history.after(37 * HOUR + 5 * MINUTE, ending);
        assertThat(after.highestHeld(LeakResource.MEMORY_RSS, LIMIT, 38 * HOUR, KEEP)).isEqualTo(ServiceHistory.NONE);
        assertThat(after.leaked(LeakResource.MEMORY_RSS, LIMIT, 38 * HOUR, KEEP)).as("the leak it ended in").isTrue();
        assertThat(after.leaked(LeakResource.MEMORY_RSS, 2 * LIMIT, 38 * HOUR, KEEP)).as("under another limit").isFalse();
        assertThat(after.leaked(LeakResource.OPEN_FDS, Reading.NO_LIMIT, 38 * HOUR, KEEP)).isFalse();
    }

    private ServicePast levelsOf(ServiceHistory history) {
        return (resource, limit, now) -> history.highestHeld(resource, limit, now, KEEP);
    }

    /**
     * 30 hours of 60 s samples from {@code start} (or {@code duration}): 300 MiB, and a cache that fills at a steady
     * 80 MiB an hour up to its cap of 400 MiB (5 hours; until then it climbs exactly like a leak, with
     * hours to go before the 1 GiB limit), noise of 1 %; plus {@code leakPerHour} from the first hour on.
     */
    private List<IncidentEvent> run(ProcessDetector process, long start, long leakPerHour, ServicePast held) {
        return run(process, start, 30 * HOUR, leakPerHour, held);
    }

    private List<IncidentEvent> run(ProcessDetector process, long start, long duration, long leakPerHour, ServicePast held) {
        List<IncidentEvent> events = new ArrayList<>();
        for (long age = 0; age < duration; age += MINUTE) {
            long cache = Math.min(400 * MIB, 80 * MIB * age / HOUR);
            long leak = age < HOUR ? 0 : leakPerHour * (age - HOUR) / HOUR;
            long rss = 300 * MIB + cache + leak + (long) (random.nextGaussian() * 3 * MIB);
            events.addAll(process.observe(start + age, List.of(new Reading(LeakResource.MEMORY_RSS, rss, LIMIT),
                    new Reading(LeakResource.THREADS, 20 + random.nextInt(2), 32768)), held));
        }
        return events;
    }

    private static List<IncidentEvent> opened(List<IncidentEvent> events) {
        return events.stream().filter(e -> e.transition() == Transition.OPENED).toList();
    }
}
