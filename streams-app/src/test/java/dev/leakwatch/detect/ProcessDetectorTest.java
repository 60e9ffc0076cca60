package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongToDoubleFunction;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/** The detector against the shapes real processes draw, sampled every 15 s as the defaults assume. */
class ProcessDetectorTest {
    private static final long STEP = 15_000;
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());
    private final Random random = new Random(7);

    @Test
    void reportsAnFdLeakThatExhaustsWithinAnHourWithinMinutes() {
        // 10 fds a minute from 400 towards 1024: about an hour left
        List<IncidentEvent> events = run(LeakResource.OPEN_FDS, 1024, 2 * HOUR, t -> 400 + 10.0 * t / MINUTE + random.nextInt(3));
        IncidentEvent opened = first(events, Transition.OPENED);
        assertThat(opened.eventTime()).as("detected after").isLessThan(12 * MINUTE);
        assertThat(opened.resource()).isEqualTo(LeakResource.OPEN_FDS);
        assertThat(opened.severity()).isEqualTo(LeakSeverity.CRITICAL);
        assertThat(opened.slopePerHour()).isBetween(540.0, 660.0);
        assertThat(opened.timeToExhaustionSeconds()).isBetween(40 * 60L, 70 * 60L);
        assertThat(events).filteredOn(e -> e.transition() == Transition.OPENED).hasSize(1);
    }

    @Test
    void findsTheFloorOfAGcSawtoothRisingAndReportsTheMemoryLeak() {
        // heap fills 200 MiB every 5 minutes and is collected; the floor rises 100 MiB an hour; limit 4 GiB
        LongToDoubleFunction rss = t -> 1 * GIB + 100.0 * MIB * t / HOUR + 200.0 * MIB * ((t % (5 * MINUTE)) / (double) (5 * MINUTE));
        List<IncidentEvent> events = run(LeakResource.MEMORY_RSS, 4 * GIB, 2 * DAY, rss);
        IncidentEvent opened = first(events, Transition.OPENED);
        assertThat(opened.slopePerHour() / MIB).isBetween(80.0, 120.0);
        // 30 h to go when watching began: more than firstDayWithin (8 h), so it waits, and is reported
        // once that much is left, before a whole day of floors is in
        assertThat(opened.eventTime()).as("detected after").isLessThan(23 * HOUR);
        assertThat(opened.timeToExhaustionSeconds()).as("time left when reported").isGreaterThan(6 * 3600);
        assertThat(events).filteredOn(e -> e.transition() == Transition.OPENED).hasSize(1);
    }

    @Test
    void leavesAHealthySawtoothAlone() {
        LongToDoubleFunction rss = t -> 1 * GIB + 300.0 * MIB * ((t % (7 * MINUTE)) / (double) (7 * MINUTE)) + random.nextInt(5) * MIB;
        assertThat(run(LeakResource.MEMORY_RSS, 4 * GIB, 3 * DAY, rss)).isEmpty();
    }

    @Test
    void leavesAPoolThatKeepsSwingingBackToLevelsItReachedBeforeAlone() {
        // connections fall from 300 to 100 over 20 minutes and climb back over 20, all day long: each
        // climb is steady and heads for the limit within hours, but only to a level seen 40 minutes ago
        // (the first one included: the process was watched at 300 before)
        LongToDoubleFunction fds = t -> {
            double phase = ((t + 20 * MINUTE) % (40 * MINUTE)) / (double) (20 * MINUTE);
            return 100 + 200 * (phase <= 1 ? phase : 2 - phase) + random.nextInt(3);
        };
        assertThat(run(LeakResource.OPEN_FDS, 1024, DAY, fds)).isEmpty();
    }

    @Test
    void leavesACacheWarmUpThatSaturatesAlone() {
        LongToDoubleFunction rss = t -> 300 * MIB + 1.5 * GIB * (1 - Math.exp(-t / (15.0 * MINUTE))) + random.nextInt(3) * MIB;
        assertThat(run(LeakResource.MEMORY_RSS, 4 * GIB, 2 * DAY, rss)).isEmpty();
    }

    @Test
    void leavesADailyLoadCycleAlone() {
        LongToDoubleFunction rss = t -> 1 * GIB + 600 * MIB * (1 + Math.sin(2 * Math.PI * t / DAY)) + random.nextInt(20) * MIB;
        assertThat(run(LeakResource.MEMORY_RSS, 3 * GIB, 3 * DAY, rss)).isEmpty();
        LongToDoubleFunction fds = t -> 200 + 150 * (1 + Math.sin(2 * Math.PI * t / DAY + 1)) + random.nextInt(10);
        assertThat(run(LeakResource.OPEN_FDS, 1024, 3 * DAY, fds)).isEmpty();
    }

    @Test
    void leavesADailyCycleFirstWatchedAtItsTroughAlone() {
        // watching starts at the night's low: for 12 h memory climbs steadily to new highs, as a
        // leak with about two days to go would; only a day of floors shows the cycle
        LongToDoubleFunction rss = t -> 1 * GIB + 600 * MIB * (1 - Math.cos(2 * Math.PI * t / DAY)) + random.nextInt(20) * MIB;
        assertThat(run(LeakResource.MEMORY_RSS, 8 * GIB, 3 * DAY, rss)).isEmpty();
    }

    @Test
    void leavesADailyRiseWithHalfADayToGoAloneOnItsFirstDay() {
        // watched from the night's low, memory climbs 2 GiB in 12 h towards a 5 GiB limit: for hours it
        // would exhaust in 10 to 16 h (HIGH), more than firstDayWithin, so it waits for a day of floors
        LongToDoubleFunction rss = t -> 1 * GIB + 1 * GIB * (1 - Math.cos(2 * Math.PI * t / DAY)) + random.nextInt(20) * MIB;
        assertThat(run(LeakResource.MEMORY_RSS, 5 * GIB, 2 * DAY, rss)).isEmpty();
    }

    @Test
    void leavesADailyCycleOfThreadsAndTheirMemoryAloneWhenItsFirstDayIsNotQuiteWhole() throws IOException {
        final long FIRST_SAMPLE = 1_767_225_661_023L; // as simulated: buckets begin where they did there
        // three days of a simulated process (bench detect --seed 42), a minute apart: its threads swing
        // between 39 and 90 a day, its memory with them; watching starts 4 h before a trough. 20 h in,
        // the hourly floors hold a fall, a whole rise and the start of the next fall: a daily sine
        // fitted to less than a whole day took that for a trend (THREADS, memory related, WARNING,
        // 37 h left); fitted to a whole day it does not
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        try (InputStream in = ProcessDetectorTest.class.getResourceAsStream("/detect/daily-cycle-threads.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] fields = line.split(",");
                    events.addAll(process.observe(FIRST_SAMPLE + Long.parseLong(fields[0]) * 1000, List.of(
                            new Reading(LeakResource.MEMORY_RSS, Long.parseLong(fields[1]), 268_435_456),
                            new Reading(LeakResource.OPEN_FDS, Long.parseLong(fields[2]), 65_536),
                            new Reading(LeakResource.THREADS, Long.parseLong(fields[3]), 8192),
                            new Reading(LeakResource.TCP_CLOSE_WAIT, Long.parseLong(fields[4]), 65_536),
                            new Reading(LeakResource.TCP_ESTABLISHED, Long.parseLong(fields[5].strip()), 65_536))));
                }
            }
        }
        assertThat(events).isEmpty();
    }

    @Test
    void leavesADailyCycleFirstWatchedAfterItsPeakAlone() {
        // watching starts 3 h after the daily peak: the first day shows a fall, then a rise that
        // climbs past the first floors seen; the climb starts far below them, so it retraces a fall
        LongToDoubleFunction rss = t -> 1 * GIB + 700 * MIB * (1 + Math.cos(2 * Math.PI * (t + 3 * HOUR) / DAY)) + random.nextInt(20) * MIB;
        assertThat(run(LeakResource.MEMORY_RSS, 3 * GIB, 3 * DAY, rss)).isEmpty();
    }

    @Test
    void leavesAColdStartThatLevelsOffAlone() {
        // a restart: memory climbs from 40 % of its working set with a 10-minute time constant
        LongToDoubleFunction rss = t -> 2 * GIB * (1 - 0.6 * Math.exp(-t / (10.0 * MINUTE))) + random.nextInt(8) * MIB;
        assertThat(run(LeakResource.MEMORY_RSS, 4 * GIB, 6 * HOUR, rss)).isEmpty();
    }

    @Test
    void leavesTheFirstRampOfAnHourlyJobWatchedMinutesAfterTheHourBeganAlone() {
        // the agent starts watching an old process at 10:50; 3 minutes later its hourly job ramps
        // memory up 384 MiB in 10 minutes (over an hour from the 4 GiB limit at that pace) and drops it
        // again. Minutes of watching cannot tell that from a leak, however long ago the hour-long
        // bucket holding the first sample began
        LongToDoubleFunction rss = t -> {
            long inCycle = (t + 57 * MINUTE) % HOUR; // the ramp starts 3 minutes after watching does
            return 800 * MIB + (inCycle < 10 * MINUTE ? 384.0 * MIB * inCycle / (10 * MINUTE) : 0) + random.nextInt(3) * MIB;
        };
        assertThat(run(LeakResource.MEMORY_RSS, 4 * GIB, 4 * HOUR, 10 * HOUR + 50 * MINUTE, rss)).isEmpty();
    }

    @Test
    void leavesAOneOffStepAlone() {
        LongToDoubleFunction fds = t -> (t < 5 * HOUR ? 100 : 400) + random.nextInt(4);
        assertThat(run(LeakResource.OPEN_FDS, 1024, 2 * DAY, fds)).isEmpty();
    }

    @Test
    void leavesHourlyBatchSpikesAlone() {
        LongToDoubleFunction rss = t -> 800 * MIB + ((t % HOUR) < 5 * MINUTE ? 1.2 * GIB : 0) + random.nextInt(5) * MIB;
        assertThat(run(LeakResource.MEMORY_RSS, 3 * GIB, 2 * DAY, rss)).isEmpty();
    }

    @Test
    void findsASlowLeakUnderADailyCycleWithinTwoDays() {
        // 8 fds an hour under a daily swing of +-60, limit 4096: about 18 days from the start
        LongToDoubleFunction fds = t -> 600 + 8.0 * t / HOUR + 60 * Math.sin(2 * Math.PI * t / DAY) + random.nextInt(6);
        List<IncidentEvent> events = run(LeakResource.OPEN_FDS, 4096, 3 * DAY, fds);
        IncidentEvent opened = first(events, Transition.OPENED);
        assertThat(opened.eventTime()).isLessThan(2 * DAY);
        assertThat(opened.slopePerHour()).isBetween(6.5, 9.5);
        assertThat(opened.severity()).isEqualTo(LeakSeverity.WARNING);
    }

    @Test
    void resolvesWhenGrowthStopsAndDoesNotReopen() {
        LongToDoubleFunction fds = t -> 100 + 10.0 * Math.min(t, 30 * MINUTE) / MINUTE + random.nextInt(2);
        List<IncidentEvent> events = run(LeakResource.OPEN_FDS, 1024, 3 * HOUR, fds);
        assertThat(events).extracting(IncidentEvent::transition).startsWith(Transition.OPENED).endsWith(Transition.RESOLVED)
                .doesNotHaveDuplicates();
        assertThat(last(events).reason()).startsWith("growth stopped");
    }

    @Test
    void escalatesSeverityAsTheLeakAccelerates() {
        // 2 fds a minute, then 20 a minute after 3 hours: HIGH, then CRITICAL
        LongToDoubleFunction fds = t -> t < 3 * HOUR ? 200 + 2.0 * t / MINUTE : 560 + 20.0 * (t - 3 * HOUR) / MINUTE;
        List<IncidentEvent> events = run(LeakResource.OPEN_FDS, 4096, 5 * HOUR, fds);
        assertThat(events).extracting(IncidentEvent::transition).contains(Transition.OPENED, Transition.UPDATED);
        assertThat(first(events, Transition.OPENED).severity()).isEqualTo(LeakSeverity.HIGH);
        assertThat(last(events).severity()).isEqualTo(LeakSeverity.CRITICAL);
    }

    @Test
    void attributesFdGrowthToCloseWaitSocketsInOneIncident() {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        for (long t = 0; t < 4 * HOUR; t += STEP) {
            long closeWait = 2 + t / (20 * 1000);          // 3 a minute
            long fds = 60 + closeWait + random.nextInt(3);
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.OPEN_FDS, fds, 1024),
                    new Reading(LeakResource.TCP_CLOSE_WAIT, closeWait, 1024),
                    new Reading(LeakResource.TCP_ESTABLISHED, 30 + random.nextInt(5), 1024))));
        }
        assertThat(events).filteredOn(e -> e.transition() == Transition.OPENED).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(LeakResource.TCP_CLOSE_WAIT);
            assertThat(e.relatedResources()).containsExactly(LeakResource.OPEN_FDS);
            assertThat(e.hint()).contains("close-wait");
        });
    }

    @Test
    void reportsConnectionsThatEachHoldAThreadAndAnFdAsOneIncident() {
        // a thread per connection, and connections never closed: established sockets, threads and
        // fds climb together; whichever is found first, one leak gets one incident
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        for (long t = 0; t < 30 * HOUR; t += STEP) { // 33 h to go at first: reported once 8 h are left or a day of floors is in
            long connections = 10 + t / (30 * 1000); // 2 a minute
            events.addAll(process.observe(t, List.of(
                    new Reading(LeakResource.OPEN_FDS, 60 + connections + random.nextInt(3), 4096),
                    new Reading(LeakResource.THREADS, 20 + connections + random.nextInt(2), 8192),
                    new Reading(LeakResource.TCP_ESTABLISHED, connections + random.nextInt(2), 4096),
                    new Reading(LeakResource.MEMORY_RSS, 400 * MIB + random.nextInt(4) * MIB, 4 * GIB))));
        }
        IncidentEvent opened = first(events, Transition.OPENED);
        assertThat(events).filteredOn(e -> e.transition() == Transition.OPENED).hasSize(1);
        assertThat(events).extracting(IncidentEvent::resource).containsOnly(opened.resource());
        assertThat(opened.relatedResources()).contains(LeakResource.OPEN_FDS);
    }

    @Test
    void resolvesOnExitAndSaysWhenItDiedNearItsLimit() {
        ProcessDetector process = detector.newProcess();
        long t = 0;
        for (; t < 3 * HOUR; t += STEP) {
            process.observe(t, List.of(new Reading(LeakResource.MEMORY_RSS, 1 * GIB + 10 * MIB * (t / MINUTE), 3 * GIB)));
        }
        assertThat(process.hasOpenIncidents()).isTrue();
        List<IncidentEvent> resolved = process.exit(t + 5 * MINUTE, "process exited");
        assertThat(resolved).singleElement().satisfies(e -> {
            assertThat(e.transition()).isEqualTo(Transition.RESOLVED);
            assertThat(e.reason()).startsWith("process exited").contains("probably OOM-killed");
        });
        assertThat(process.observe(t + HOUR, List.of(new Reading(LeakResource.MEMORY_RSS, GIB, 3 * GIB)))).isEmpty();
    }

    @Test
    void ignoresOutOfOrderSamples() {
        ProcessDetector process = detector.newProcess();
        process.observe(10 * MINUTE, List.of(new Reading(LeakResource.OPEN_FDS, 10, 1024)));
        assertThat(process.observe(5 * MINUTE, List.of(new Reading(LeakResource.OPEN_FDS, 900, 1024)))).isEmpty();
        assertThat(process.lastSeen()).isEqualTo(10 * MINUTE);
    }

    @Test
    void keepsThreeDaysOfFiveResourcesInUnderTwoKilobytesAndRestoresExactly() {
        ProcessDetector process = detector.newProcess();
        process.label(new ProcessLabels("chat_server", "chat", "2.3.1"));
        ProcessDetector copy = null;
        int largest = 0;
        for (long t = 0; t < 3 * DAY; t += STEP) {
            List<Reading> readings = List.of(
                    new Reading(LeakResource.MEMORY_RSS, 700 * MIB + random.nextInt(50) * MIB + t / HOUR * MIB, 8 * GIB),
                    new Reading(LeakResource.OPEN_FDS, 100 + random.nextInt(40), 65536),
                    new Reading(LeakResource.THREADS, 40 + random.nextInt(8), Reading.NO_LIMIT),
                    new Reading(LeakResource.TCP_CLOSE_WAIT, random.nextInt(3), 65536),
                    new Reading(LeakResource.TCP_ESTABLISHED, 20 + random.nextInt(30), 65536));
            process.observe(t, readings);
            byte[] bytes = process.toBytes();
            largest = Math.max(largest, bytes.length);
            copy = detector.restore(bytes);
            assertThat(copy.toBytes()).isEqualTo(bytes);
        }
        assertThat(largest).as("largest state in bytes").isLessThanOrEqualTo(2048);
        assertThat(copy.labels()).isEqualTo(new ProcessLabels("chat_server", "chat", "2.3.1"));
        assertThat(copy.lastSeen()).isEqualTo(process.lastSeen());
    }

    private List<IncidentEvent> run(LeakResource resource, long limit, long duration, LongToDoubleFunction value) {
        return run(resource, limit, duration, 0, value);
    }

    /** Samples {@code value} of the time since the first sample, which is taken {@code startMillis} after the epoch. */
    private List<IncidentEvent> run(LeakResource resource, long limit, long duration, long startMillis, LongToDoubleFunction value) {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        for (long t = 0; t < duration; t += STEP) {
            long v = Math.max(0, Math.min(limit, (long) value.applyAsDouble(t)));
            List<IncidentEvent> now = process.observe(startMillis + t, List.of(new Reading(resource, v, limit)));
            events.addAll(process.hasEnded() ? List.of() : now);
            // round-trip the state every hour, as the store does on every sample
            if (t % HOUR == 0) {
                process = detector.restore(process.toBytes());
            }
        }
        return events;
    }

    private static IncidentEvent first(List<IncidentEvent> events, Transition transition) {
        return events.stream().filter(e -> e.transition() == transition).findFirst()
                .orElseThrow(() -> new AssertionError("no " + transition + " in " + events));
    }

    private static IncidentEvent last(List<IncidentEvent> events) {
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }
}
