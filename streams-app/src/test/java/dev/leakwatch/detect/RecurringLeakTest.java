package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/**
 * A leak the service's previous incarnation on the host ended with (its incident still open) is
 * the same leak back after the restart: its climb is judged from
 * {@link DetectorSettings#recurringMinPoints()} floors, without the evidence share or the first-day
 * wait, and under samples a minute apart the 15 s scale is kept for it.
 */
class RecurringLeakTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long MIB = 1L << 20;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());

    /** The previous incarnation ended with these resources' incidents open, under any limit. */
    private static ServicePast leaked(Set<LeakResource> resources) {
        return new ServicePast() {
            @Override
            public long highestHeld(LeakResource resource, long limit, long now) {
                return ServiceHistory.NONE;
            }

            @Override
            public boolean leakedBefore(LeakResource resource, long limit, long now) {
                return resources.contains(resource);
            }
        };
    }

    @Test
    void anFdLeakBackAfterARestartIsReportedWithinMinutesUnderMinuteSamples() {
        // 10 fds a minute from 200 towards 1024: 82 minutes to live
        LongFunction<List<Reading>> fdLeak = t -> List.of(new Reading(LeakResource.OPEN_FDS, 200 + 10 * t / MINUTE + (t / MINUTE) % 2, 1024));

        IncidentEvent back = firstOpened(run(2 * HOUR, MINUTE, fdLeak, leaked(Set.of(LeakResource.OPEN_FDS))));
        IncidentEvent fresh = firstOpened(run(2 * HOUR, MINUTE, fdLeak, ServicePast.NONE));

        assertThat(back.resource()).isEqualTo(LeakResource.OPEN_FDS);
        // its 15 s floors make it plain within minutes, but with over an hour to live it still waits
        // until a quarter of an hour of life tells it from a cold start
        assertThat(back.eventTime()).as("the leak back").isLessThanOrEqualTo(17 * MINUTE);
        assertThat(back.timeToExhaustionSeconds()).as("projected from its own climb").isBetween(60L * 60, 82L * 60);
        assertThat(fresh.eventTime()).as("the same climb never seen before").isGreaterThanOrEqualTo(25 * MINUTE);
    }

    @Test
    void theStateReadBackAfterAnySampleDecidesAsTheStateKeptInMemory() {
        LongFunction<List<Reading>> fdLeak = t -> List.of(new Reading(LeakResource.OPEN_FDS, 200 + 10 * t / MINUTE + (t / MINUTE) % 2, 1024),
                new Reading(LeakResource.THREADS, 40 + (t / MINUTE) % 3, 32768));
        ServicePast past = leaked(Set.of(LeakResource.OPEN_FDS));

        List<IncidentEvent> kept = run(2 * HOUR, MINUTE, fdLeak, past);
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> restoredEachTime = new ArrayList<>();
        for (long t = 0; t < 2 * HOUR; t += MINUTE) {
            restoredEachTime.addAll(process.observe(t, fdLeak.apply(t), past));
            process = detector.restore(process.toBytes());
        }

        assertThat(firstOpened(kept).eventTime()).isLessThanOrEqualTo(17 * MINUTE);
        assertThat(restoredEachTime).isEqualTo(kept);
    }

    @Test
    void aLeakOfAnotherResourceBeforeChangesNothing() {
        LongFunction<List<Reading>> fdLeak = t -> List.of(new Reading(LeakResource.OPEN_FDS, 200 + 10 * t / MINUTE + (t / MINUTE) % 2, 1024));

        IncidentEvent afterMemoryLeak = firstOpened(run(2 * HOUR, MINUTE, fdLeak, leaked(Set.of(LeakResource.MEMORY_RSS))));
        IncidentEvent fresh = firstOpened(run(2 * HOUR, MINUTE, fdLeak, ServicePast.NONE));

        assertThat(afterMemoryLeak.eventTime()).isEqualTo(fresh.eventTime());
    }

    @Test
    void aSlowLeakBackIsReportedWithoutWaitingOutTheFirstDay() {
        // 4 MiB an hour from 300 MiB of a 1 GiB limit: a week to live, sampled every minute
        Random random = new Random(3);
        LongFunction<List<Reading>> slowLeak = t -> List.of(new Reading(LeakResource.MEMORY_RSS,
                300 * MIB + 4 * MIB * t / HOUR + (long) (random.nextGaussian() * 0.3 * MIB), 1L << 30));

        List<IncidentEvent> back = run(30 * HOUR, MINUTE, slowLeak, leaked(Set.of(LeakResource.MEMORY_RSS)));
        List<IncidentEvent> fresh = run(30 * HOUR, MINUTE, slowLeak, ServicePast.NONE);

        assertThat(firstOpened(back).eventTime()).as("the leak back").isLessThan(12 * HOUR);
        assertThat(firstOpened(fresh).eventTime()).as("waits for a day of floors").isGreaterThanOrEqualTo(20 * HOUR);
    }

    @Test
    void fdsThatLeakedBeforeAreTheirOwnRootCauseThoughAConnectionPoolFillsBesideThem() {
        // after the start the pool opens connections (4 a minute for 40 minutes, then steady) while fds leak
        LongFunction<List<Reading>> leakAndPool = t -> {
            long established = Math.min(160, 4 * t / MINUTE);
            long fds = 200 + established + 3 * t / MINUTE;
            return List.of(new Reading(LeakResource.OPEN_FDS, fds, 1024), new Reading(LeakResource.TCP_ESTABLISHED, established, 1024));
        };

        assertThat(firstOpened(run(HOUR, MINUTE, leakAndPool, leaked(Set.of(LeakResource.OPEN_FDS)))).resource())
                .isEqualTo(LeakResource.OPEN_FDS);
        assertThat(firstOpened(run(HOUR, MINUTE, leakAndPool, leaked(Set.of(LeakResource.OPEN_FDS, LeakResource.TCP_ESTABLISHED)))).resource())
                .as("when the sockets leaked before too, they explain the fds").isEqualTo(LeakResource.TCP_ESTABLISHED);
    }

    @Test
    void aLeakBackFoundAtTheShortScaleUnderMinuteSamplesIsNotResolvedByAPauseOfMinutes() {
        // the leak pauses for 15 minutes (no work) after 20, then goes on
        LongFunction<List<Reading>> pausing = t -> {
            long minutes = t / MINUTE;
            long leaked = minutes < 20 ? 10 * minutes : minutes < 35 ? 200 : 200 + 10 * (minutes - 35);
            return List.of(new Reading(LeakResource.OPEN_FDS, 200 + leaked + minutes % 2, 1024));
        };

        List<IncidentEvent> events = run(HOUR, MINUTE, pausing, leaked(Set.of(LeakResource.OPEN_FDS)));

        assertThat(firstOpened(events).eventTime()).isLessThan(20 * MINUTE);
        assertThat(events).extracting(IncidentEvent::transition).doesNotContain(Transition.RESOLVED);
    }

    @Test
    void theColdStartOfAServiceThatLeakedBeforeIsNotTakenForTheLeakBack() {
        // under 15 s samples, fds climb steeply for the first two minutes (opening files, pools), then stay
        LongFunction<List<Reading>> coldStart = t -> List.of(new Reading(LeakResource.OPEN_FDS,
                100 + Math.min(200, 100 * t / MINUTE) + (t / 15_000) % 2, 1024));

        assertThat(run(HOUR, 15_000, coldStart, leaked(Set.of(LeakResource.OPEN_FDS)))).isEmpty();
        assertThat(run(HOUR, 15_000, coldStart, ServicePast.NONE)).as("nor without that history").isEmpty();
    }

    private List<IncidentEvent> run(long duration, long step, LongFunction<List<Reading>> readings, ServicePast held) {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        for (long t = 0; t < duration; t += step) {
            events.addAll(process.observe(t, readings.apply(t), held));
            if (t % HOUR == 0) {
                process = detector.restore(process.toBytes());
            }
        }
        return events;
    }

    private static IncidentEvent firstOpened(List<IncidentEvent> events) {
        return events.stream().filter(e -> e.transition() == Transition.OPENED).findFirst()
                .orElseThrow(() -> new AssertionError("no OPENED in " + events));
    }
}
