package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/**
 * Properties of the detector over generated processes: sampling interval, length, one leak of any
 * kind (or none) with any life and onset, a GC sawtooth of any size and period, noise. Each property
 * is checked on many processes drawn from a fixed seed, so CI runs the same cases every time; a
 * failure names the process ({@link Script}) it failed on. Raise {@link #CASES} or change
 * {@link #SEED} to explore further.
 */
class DetectorPropertiesTest {
    private static final long MIB = 1L << 20;
    private static final long MEMORY_LIMIT = 1024 * MIB;
    private static final long FD_LIMIT = 1024;
    private static final long THREAD_LIMIT = 4096;

    private static final long SEED = 20261126;
    private static final int CASES = 60;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());

    /** Checks {@code property} on {@code cases} processes drawn by {@code draw}, naming the one it fails on. */
    private static void forEach(int cases, Function<Random, Script> draw, Consumer<Script> property) {
        Random random = new Random(SEED);
        for (int i = 0; i < cases; i++) {
            Script script = draw.apply(random);
            try {
                property.accept(script);
            } catch (AssertionError e) {
                throw new AssertionError("case " + i + ", " + script + ": " + e.getMessage(), e);
            }
        }
    }

    /** The state written after any sample, read back, goes on exactly as the process in memory would. */
    @Test
    void restoringTheStateAtAnySampleChangesNothing() {
        forEach(CASES, Script::anyProcess, this::restoringChangesNothing);
    }

    private void restoringChangesNothing(Script script) {
        List<Sample> samples = script.samples();
        Random random = new Random(script.noiseSeed());
        Set<Integer> restorePoints = new HashSet<>();
        for (int i = random.nextInt(7); i > 0; i--) {
            restorePoints.add(random.nextInt(samples.size()));
        }
        ProcessDetector kept = detector.newProcess();
        ProcessDetector restored = detector.newProcess();
        List<IncidentEvent> keptEvents = new ArrayList<>();
        List<IncidentEvent> restoredEvents = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            keptEvents.addAll(kept.observe(sample.time(), sample.readings()));
            restoredEvents.addAll(restored.observe(sample.time(), sample.readings()));
            if (restorePoints.contains(i)) {
                restored = detector.restore(restored.toBytes());
            }
        }
        assertThat(restoredEvents).isEqualTo(keptEvents);
    }

    /**
     * Per resource, an incident opens at most once and resolves at most once, after it opened; every
     * transition's severity is the one its projection gives; a resource is never related to itself;
     * an exit resolves whatever is open, and nothing is decided after it.
     */
    @Test
    void incidentsFollowTheirLifecycle() {
        forEach(2 * CASES, Script::anyProcess, this::followsTheLifecycle);
    }

    private void followsTheLifecycle(Script script) {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        List<Sample> samples = script.samples();
        for (Sample sample : samples) {
            events.addAll(process.observe(sample.time(), sample.readings()));
        }
        long end = samples.get(samples.size() - 1).time() + 5 * 60_000;
        List<IncidentEvent> atExit = process.exit(end, "process exited");
        events.addAll(atExit);

        Map<LeakResource, Transition> last = new EnumMap<>(LeakResource.class);
        for (IncidentEvent event : events) {
            Transition before = last.get(event.resource());
            switch (event.transition()) {
                case OPENED -> assertThat(before).as("%s opened once", event.resource()).isNull();
                case UPDATED, RESOLVED -> assertThat(before).as("%s %s after it opened and before it resolved", event.resource(),
                        event.transition()).isIn(Transition.OPENED, Transition.UPDATED);
            }
            last.put(event.resource(), event.transition());
            assertThat(event.relatedResources()).doesNotContain(event.resource());
            if (event.transition() != Transition.RESOLVED) {
                assertThat(event.severity()).as("severity of %s", event)
                        .isEqualTo(detector.settings().severityFor(event.timeToExhaustionSeconds()));
            }
        }
        assertThat(last.values()).as("everything open is resolved at exit").allMatch(t -> t == Transition.RESOLVED);
        assertThat(process.observe(end + 60_000, samples.get(samples.size() - 1).readings())).isEmpty();
    }

    /** A sample not newer than the newest one seen (a retry, a late or reordered sample) changes nothing. */
    @Test
    void samplesNotNewerThanTheNewestAreIgnored() {
        forEach(CASES, Script::anyProcess, this::ignoresStaleSamples);
    }

    private void ignoresStaleSamples(Script script) {
        List<Sample> samples = script.samples();
        ProcessDetector inOrder = detector.newProcess();
        ProcessDetector withStale = detector.newProcess();
        List<IncidentEvent> inOrderEvents = new ArrayList<>();
        List<IncidentEvent> withStaleEvents = new ArrayList<>();
        Random random = new Random(script.noiseSeed());
        int every = 2 + random.nextInt(19);
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            inOrderEvents.addAll(inOrder.observe(sample.time(), sample.readings()));
            withStaleEvents.addAll(withStale.observe(sample.time(), sample.readings()));
            if (i > 0 && i % every == 0) {
                // an older sample arriving late, or this one again, with other values
                Sample older = samples.get(random.nextInt(i + 1));
                withStaleEvents.addAll(withStale.observe(older.time(), samples.get(random.nextInt(samples.size())).readings()));
            }
        }
        assertThat(withStaleEvents).isEqualTo(inOrderEvents);
    }

    /**
     * A steady leak of descriptors, CLOSE_WAIT sockets or threads that starts after two hours of a
     * flat process, sampled every 15 s, is reported as that resource before half its life is over,
     * exactly once, and with a projection within a factor of two of the time it really had left.
     */
    @Test
    void aSteadyLeakIsReportedBeforeHalfItsLife() {
        forEach(CASES, Script::steadyLeak, this::reportsBeforeHalfItsLife);
    }

    private void reportsBeforeHalfItsLife(Script script) {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        for (Sample sample : script.samples()) {
            events.addAll(process.observe(sample.time(), sample.readings()));
        }
        List<IncidentEvent> opened = events.stream().filter(e -> e.transition() == Transition.OPENED).toList();
        assertThat(opened).as("one incident").hasSize(1);
        IncidentEvent first = opened.get(0);
        assertThat(first.resource()).isEqualTo(script.leak().resource);
        long onset = script.onsetMinute() * 60_000L;
        long exhaustion = onset + script.lifeMinutes() * 60_000L;
        assertThat(first.eventTime()).as("reported at").isLessThan(onset + (exhaustion - onset) / 2);
        double left = (exhaustion - first.eventTime()) / 1000.0;
        assertThat((double) first.timeToExhaustionSeconds()).as("projected seconds left").isBetween(left / 2, left * 2);
    }

    enum Leak {
        NONE(null), MEMORY(LeakResource.MEMORY_RSS), FDS(LeakResource.OPEN_FDS), CLOSE_WAIT(LeakResource.TCP_CLOSE_WAIT),
        THREADS(LeakResource.THREADS);

        final LeakResource resource;

        Leak(LeakResource resource) {
            this.resource = resource;
        }
    }

    record Sample(long time, List<Reading> readings) {
    }

    /**
     * A process sampled every {@code stepSeconds} for {@code minutes}: memory at 300 MiB under a GC
     * sawtooth, 150 fds, 40 threads, a little noise on each; from {@code onsetMinute} one resource
     * climbs linearly to its limit in {@code lifeMinutes}. Descriptors and threads stay at their
     * limit; memory at its limit ends the process (OOM-killed).
     */
    record Script(int stepSeconds, int minutes, Leak leak, int lifeMinutes, int onsetMinute, int sawtoothMib,
                  int sawtoothPeriodSeconds, long noiseSeed) {

        /** 15, 30 or 60 s samples for 1 h to a day; any leak or none, living 30 min to 2 days from minute 0 to 12 h. */
        static Script anyProcess(Random random) {
            return new Script(new int[] {15, 30, 60}[random.nextInt(3)], between(random, 60, 24 * 60),
                    Leak.values()[random.nextInt(Leak.values().length)], between(random, 30, 48 * 60), between(random, 0, 12 * 60),
                    between(random, 0, 300), between(random, 20, 1800), random.nextLong());
        }

        /**
         * 15 s samples; after 2 flat hours fds, CLOSE_WAIT sockets or threads climb to their limit in
         * 1 to 12 h, under a GC sawtooth of up to 2 minutes.
         */
        static Script steadyLeak(Random random) {
            Leak leak = new Leak[] {Leak.FDS, Leak.CLOSE_WAIT, Leak.THREADS}[random.nextInt(3)];
            int life = between(random, 60, 12 * 60);
            // only sawtooth periods under the fast scale's 12 floors (3 minutes): the first ramp of a
            // slower sawtooth watched from its start is reported as a memory leak (README, "Known
            // limits", found by this property); this property is about the leak
            return new Script(15, 120 + life, leak, life, 120, between(random, 0, 300), between(random, 20, 120), random.nextLong());
        }

        private static int between(Random random, int min, int max) {
            return min + random.nextInt(max - min + 1);
        }

        List<Sample> samples() {
            Random random = new Random(noiseSeed);
            List<Sample> samples = new ArrayList<>();
            for (long t = 0; t <= minutes * 60_000L; t += stepSeconds * 1000L) {
                double leaked = Math.max(0, (t - onsetMinute * 60_000L) / (lifeMinutes * 60_000.0));
                long sawtooth = sawtoothMib * MIB * (t % (sawtoothPeriodSeconds * 1000L)) / (sawtoothPeriodSeconds * 1000L);
                long memory = 300 * MIB + sawtooth + random.nextInt(2 * (int) MIB)
                        + (leak == Leak.MEMORY ? (long) (leaked * (MEMORY_LIMIT - 300 * MIB)) : 0);
                if (memory >= MEMORY_LIMIT) {
                    break;
                }
                long closeWait = random.nextInt(3) + (leak == Leak.CLOSE_WAIT ? (long) (leaked * (FD_LIMIT - 150)) : 0);
                long fds = Math.min(FD_LIMIT, 150 + random.nextInt(3) + closeWait
                        + (leak == Leak.FDS ? (long) (leaked * (FD_LIMIT - 150)) : 0));
                long threads = Math.min(THREAD_LIMIT, 40 + random.nextInt(2) + (leak == Leak.THREADS ? (long) (leaked * (THREAD_LIMIT - 40)) : 0));
                samples.add(new Sample(t, List.of(new Reading(LeakResource.MEMORY_RSS, memory, MEMORY_LIMIT),
                        new Reading(LeakResource.OPEN_FDS, fds, FD_LIMIT),
                        new Reading(LeakResource.THREADS, threads, THREAD_LIMIT),
                        new Reading(LeakResource.TCP_CLOSE_WAIT, Math.min(closeWait, FD_LIMIT), FD_LIMIT))));
            }
            return samples;
        }
    }
}
