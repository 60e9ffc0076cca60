package dev.leakwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leakwatch.detect.IncidentEvent.Transition;

/** State written by earlier builds stays readable: a store is not wiped by an upgrade. */
class ProcessStateFormatTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private final LeakDetector detector = new LeakDetector(DetectorSettings.defaults());

    /**
     * Written by format 3's code (commit 56bcc61) after 555 s of threads climbing 10 a minute with
     * 8 MiB each under a 4 GiB memory limit: a THREADS incident open with MEMORY_RSS related, whose
     * projection was memory's (1154 s, CRITICAL).
     */
    @Test
    void readsFormatThreeStateWithAnOpenThreadsIncident() throws IOException {
        ProcessDetector process = restoreFixture("/detect/process-state-format3.hex", 3);

        assertThat(process.lastSeen()).isEqualTo(555_000);
        assertThat(process.labels()).isEqualTo(new ProcessLabels("worker", "jobs", "1.0"));
        assertThat(process.isOpen(LeakResource.THREADS)).isTrue();
        assertThat(process.isOpen(LeakResource.MEMORY_RSS)).isFalse();

        // the incident carries on where it was: no second OPENED, and it resolves as THREADS
        List<IncidentEvent> events = new ArrayList<>();
        for (long t = 570_000; t < 20 * 60_000; t += 15_000) {
            long threads = 100 + t / 6_000;
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.MEMORY_RSS, GIB + threads * 8 * MIB, 4 * GIB),
                    new Reading(LeakResource.OPEN_FDS, 51, 1024), new Reading(LeakResource.THREADS, threads, 32768))));
        }
        assertThat(events).noneMatch(e -> e.transition() == Transition.OPENED);
        assertThat(process.exit(20 * 60_000, "process exited")).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(LeakResource.THREADS);
            assertThat(e.transition()).isEqualTo(Transition.RESOLVED);
        });
    }

    /**
     * Written by format 2's code (the parent of commit aaaf73c, before rings kept their highest
     * evicted floor) after 2 h of fds climbing 2 a minute from 200 towards 1024, threads flat
     * without a limit, memory flat: an OPEN_FDS incident open since 3105 s.
     */
    @Test
    void readsFormatTwoStateWithAnOpenFdIncident() throws IOException {
        ProcessDetector process = restoreFixture("/detect/process-state-format2.hex", 2);

        assertThat(process.lastSeen()).isEqualTo(7_215_000);
        assertThat(process.labels()).isEqualTo(new ProcessLabels("api", "orders", "2.0"));
        assertThat(process.isOpen(LeakResource.OPEN_FDS)).isTrue();

        // the leak goes on: the same incident, updated at most, never opened again
        List<IncidentEvent> events = new ArrayList<>();
        for (long t = 7_230_000; t < 5 * 3_600_000; t += 15_000) {
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.OPEN_FDS, 200 + t / 30_000, 1024),
                    new Reading(LeakResource.THREADS, 30, Reading.NO_LIMIT), new Reading(LeakResource.MEMORY_RSS, 300 * MIB, 2 * GIB))));
        }
        assertThat(events).noneMatch(e -> e.transition() == Transition.OPENED);
        assertThat(events).allMatch(e -> e.resource() == LeakResource.OPEN_FDS);
        assertThat(process.exit(5 * 3_600_000, "process exited")).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(LeakResource.OPEN_FDS);
            assertThat(e.transition()).isEqualTo(Transition.RESOLVED);
        });
    }

    @Test
    void keepsWhichLimitAnOpenIncidentProjectsToAcrossARestore() {
        ProcessDetector process = detector.newProcess();
        List<IncidentEvent> events = new ArrayList<>();
        long t = 0;
        for (; !process.isOpen(LeakResource.THREADS) && t < 30 * 60_000; t += 15_000) {
            long threads = 100 + t / 6_000;
            events.addAll(process.observe(t, List.of(new Reading(LeakResource.MEMORY_RSS, GIB + threads * 8 * MIB, 4 * GIB),
                    new Reading(LeakResource.OPEN_FDS, 51, 1024), new Reading(LeakResource.THREADS, threads, 32768))));
        }
        assertThat(events).singleElement().extracting(IncidentEvent::exhausts).isEqualTo(LeakResource.MEMORY_RSS);
        byte[] bytes = process.toBytes();

        ProcessDetector restored = detector.restore(bytes);

        assertThat(restored.toBytes()).isEqualTo(bytes);
        // a process killed by the OOM killer: the reason points at memory, the limit that was running out
        long threads = 100 + t / 6_000 + 30;
        restored.observe(t, List.of(new Reading(LeakResource.MEMORY_RSS, 4 * GIB - 64 * MIB, 4 * GIB),
                new Reading(LeakResource.OPEN_FDS, 51, 1024), new Reading(LeakResource.THREADS, threads, 32768)));
        assertThat(restored.exit(t + 5 * 60_000, "process exited")).singleElement().satisfies(e ->
                assertThat(e.reason()).contains("of its MEMORY_RSS limit " + 4 * GIB).contains("probably OOM-killed"));
    }

    /** Restores a captured state of {@code format}, which is rewritten in the current format and reads back the same. */
    private ProcessDetector restoreFixture(String name, int format) throws IOException {
        byte[] stored = resource(name);
        assertThat(stored[0]).as("format of the fixture").isEqualTo((byte) format);
        ProcessDetector process = detector.restore(stored);
        byte[] current = process.toBytes();
        assertThat(current[0]).as("rewritten in the current format").isEqualTo((byte) 5);
        assertThat(detector.restore(current).toBytes()).isEqualTo(current);
        return process;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ProcessStateFormatTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }
}
