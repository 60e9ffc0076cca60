package dev.leakwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;

class IncidentTextTest {
    @Test
    void anFdLeakProjectedToItsOwnLimitReadsAsBefore() {
        LeakIncident fds = incident(Resource.OPEN_FDS, List.of(), 211, 1024L, 17874.6, 164L, null);

        assertThat(IncidentText.of(fds)).isEqualTo("2026-11-25 14:16:41Z  OPENED   CRITICAL OPEN_FDS  vm pid 9340 (java)"
                + "  211 of 1024, +17874.6/h, exhausted in 2m 44s");
    }

    @Test
    void threadsThatRunMemoryOutShowTheirOwnFiguresAndWhichLimitIsHitWhen() {
        LeakIncident threads = incident(Resource.THREADS, List.of(Resource.MEMORY_RSS), 831, 32768L, 40946.9, 7L, Resource.MEMORY_RSS);

        assertThat(IncidentText.of(threads)).isEqualTo("2026-11-25 14:16:41Z  OPENED   CRITICAL THREADS  vm pid 9340 (java)"
                + "  831 of 32768 (+40946.9/h) — MEMORY_RSS exhausted in 7s");
    }

    @Test
    void threadsFoundWithTheFdsAtTheirLimitReadAsAlreadyExhausted() {
        LeakIncident threads = incident(Resource.THREADS, List.of(Resource.OPEN_FDS), 1040, 32768L, 5880.0, 0L, Resource.OPEN_FDS);

        assertThat(IncidentText.of(threads)).endsWith("1040 of 32768 (+5880.0/h) — OPEN_FDS already exhausted");
        LeakIncident fds = incident(Resource.OPEN_FDS, List.of(), 1024, 1024L, 6600.0, 0L, null);
        assertThat(IncidentText.of(fds)).endsWith("1024 of 1024, +6600.0/h, already exhausted");
    }

    @Test
    void memoryAmountsStayInMebibytes() {
        LeakIncident memory = incident(Resource.MEMORY_RSS, List.of(), 512L << 20, 1L << 30, 100.0 * (1 << 20), 18000L, null);

        assertThat(IncidentText.of(memory)).endsWith("512.0 MiB of 1024.0 MiB, +100.0 MiB/h, exhausted in 5h 0m");
    }

    private static LeakIncident incident(Resource resource, List<Resource> related, long value, Long limit, double perHour,
                                         Long secondsLeft, Resource exhausts) {
        return LeakIncident.newBuilder()
                .setIncidentId("vm/9340/1767225600000/" + resource)
                .setStatus(IncidentStatus.OPENED)
                .setResource(resource)
                .setRelatedResources(related)
                .setHost("vm").setPid(9340).setStartTime(Instant.ofEpochMilli(1_767_225_600_000L)).setComm("java")
                .setEventTime(Instant.parse("2026-11-25T14:16:41Z"))
                .setSeverity(Severity.CRITICAL)
                .setSlopePerHour(perHour)
                .setCurrentValue(value)
                .setLimit(limit)
                .setTimeToExhaustionSeconds(secondsLeft)
                .setExhausts(exhausts)
                .setConfidence(0.9999)
                .setPattern("LINEAR")
                .build();
    }
}
