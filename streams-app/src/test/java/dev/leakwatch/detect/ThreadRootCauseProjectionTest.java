package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/**
 * Threads that leak are the root cause of the memory they use, but the limit they run into first
 * may be memory's: the incident names THREADS with the threads' count and limit, and projects to
 * whichever limit is hit first.
 */
class ThreadRootCauseProjectionTest {
    private static final long STEP = 15_000;
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());
    private final Random random = new Random(3);

    @Test
    void threadsThatRunMemoryOutFirstProjectToTheMemoryLimit() {
        // 10 threads a minute, 8 MiB each, 4 GiB of memory: memory is gone in about half an hour,
        // the thread limit of 32768 would take two days
        List<IncidentEvent> events = new ArrayList<>();
        ProcessDetector process = detector.newProcess();
        for (long t = 0; t < 25 * MINUTE; t += STEP) {
            events.addAll(process.observe(t, readings(threads(t, 10), 8 * MIB, 4 * GIB, 32768)));
        }
        IncidentEvent opened = single(events, Transition.OPENED);
        long threads = threads(opened.eventTime(), 10);
        long rss = rss(threads, 8 * MIB);
        long memorySeconds = (4 * GIB - rss) / (80 * MIB) * 60;
        assertThat(opened.resource()).isEqualTo(LeakResource.THREADS);
        assertThat(opened.relatedResources()).containsExactly(LeakResource.MEMORY_RSS);
        assertThat(opened.currentValue()).as("the threads' count").isBetween(threads - 1, threads + 1);
        assertThat(opened.limit()).as("the thread limit").isEqualTo(32768);
        assertThat(opened.slopePerHour()).as("threads per hour").isBetween(540.0, 660.0);
        assertThat(opened.timeToExhaustionSeconds()).as("memory's time to exhaustion")
                .isBetween((long) (0.8 * memorySeconds), (long) (1.2 * memorySeconds));
        assertThat(opened.exhausts()).isEqualTo(LeakResource.MEMORY_RSS);
        assertThat(opened.severity()).isEqualTo(LeakSeverity.CRITICAL);
    }

    @Test
    void laterUpdatesKeepProjectingToTheLimitThatIsHitFirst() {
        // 2 threads a minute under a thread limit of 4096 (about 33 h away); 4 MiB each under 4 GiB
        // of memory, which runs out 5.5 h after the start. After hours the threads' own trend is a
        // finding too (33 h away): the incident must not jump to it while memory is about to run out.
        List<IncidentEvent> events = new ArrayList<>();
        ProcessDetector process = detector.newProcess();
        long memoryGoneAt = (4 * GIB - rss(100, 4 * MIB)) / (8 * MIB) * MINUTE;
        for (long t = 0; t < 5 * HOUR; t += STEP) {
            events.addAll(process.observe(t, readings(threads(t, 2), 4 * MIB, 4 * GIB, 4096)));
            if (t % HOUR == 0) {
                process = detector.restore(process.toBytes());
            }
        }
        assertThat(events).extracting(IncidentEvent::transition).startsWith(Transition.OPENED).contains(Transition.UPDATED);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.resource()).isEqualTo(LeakResource.THREADS);
            assertThat(e.limit()).isEqualTo(4096);
            assertThat(e.exhausts()).as("projection at %d", e.eventTime()).isEqualTo(LeakResource.MEMORY_RSS);
            long projected = e.eventTime() + 1000 * e.timeToExhaustionSeconds();
            assertThat(projected).as("projected exhaustion instant of the event at %d", e.eventTime())
                    .isBetween(memoryGoneAt - 30 * MINUTE, memoryGoneAt + 30 * MINUTE);
        });
        assertThat(events.get(events.size() - 1).severity()).as("memory has less than an hour left").isEqualTo(LeakSeverity.CRITICAL);
    }

    @Test
    void threadsThatRunOutBeforeMemoryProjectToTheirOwnLimit() {
        // 10 threads a minute under a limit of 1460 (about 2 h left when found), 2 MiB each under
        // 8 GiB of memory (about 5 h left): the threads' own limit is hit first, so `exhausts` is null
        List<IncidentEvent> events = new ArrayList<>();
        ProcessDetector process = detector.newProcess();
        for (long t = 0; t < 40 * MINUTE; t += STEP) {
            events.addAll(process.observe(t, readings(threads(t, 10), 2 * MIB, 8 * GIB, 1460)));
        }
        IncidentEvent opened = single(events, Transition.OPENED);
        long threadSeconds = (1460 - threads(opened.eventTime(), 10)) * 6;
        assertThat(opened.resource()).isEqualTo(LeakResource.THREADS);
        assertThat(opened.relatedResources()).containsExactly(LeakResource.MEMORY_RSS);
        assertThat(opened.limit()).isEqualTo(1460);
        assertThat(opened.timeToExhaustionSeconds()).as("the threads' own time to exhaustion")
                .isBetween((long) (0.8 * threadSeconds), (long) (1.2 * threadSeconds));
        assertThat(opened.exhausts()).as("the resource's own limit").isNull();
        assertThat(opened.severity()).isEqualTo(LeakSeverity.HIGH);
    }

    private static long threads(long t, int perMinute) {
        return 100 + perMinute * t / MINUTE;
    }

    private static long rss(long threads, long perThread) {
        return GIB + threads * perThread;
    }

    private List<Reading> readings(long threads, long perThread, long memoryLimit, long threadLimit) {
        return List.of(new Reading(LeakResource.MEMORY_RSS, rss(threads, perThread) + random.nextInt(4) * MIB, memoryLimit),
                new Reading(LeakResource.OPEN_FDS, 50 + random.nextInt(3), 1024),
                new Reading(LeakResource.THREADS, threads + random.nextInt(2), threadLimit));
    }

    private static IncidentEvent single(List<IncidentEvent> events, Transition transition) {
        List<IncidentEvent> matching = events.stream().filter(e -> e.transition() == transition).toList();
        assertThat(matching).as("%s events in %s", transition, events).hasSize(1);
        return matching.get(0);
    }
}
