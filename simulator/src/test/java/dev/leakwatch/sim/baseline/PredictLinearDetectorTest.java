package dev.leakwatch.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

import org.junit.jupiter.api.Test;

import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;
import dev.leakwatch.schema.TcpStateCounts;

class PredictLinearDetectorTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final long GIB = 1L << 30;
    private static final long MINUTE = 60_000;

    @Test
    void aMemoryLeakFiresBothMemoryRulesTenMinutesAfterTheirExpressionFirstHolds() {
        // samples at :30 of every minute, evaluations on the minute; rss grows 1 GiB/h from 1 GiB towards 2 GiB,
        // so predict_linear(rss[1h], 4h) and [6h], 24h exceed the limit as soon as two samples are in range
        List<ProcessSample> samples = series(120, minute -> 1.0 * GIB + GIB * minute / 60.0, 2 * GIB, 10, 1024);
        List<LeakIncident> incidents = new ArrayList<>();
        PredictLinearDetector.withDefaultRules().run(samples.iterator(), incidents::add);

        assertThat(incidents).extracting(LeakIncident::getStatus).containsOnly(IncidentStatus.OPENED);
        assertThat(incidents).extracting(i -> i.getIncidentId().substring(i.getIncidentId().lastIndexOf('/') + 1))
                .containsExactly("MemoryExhaustionIn4h", "MemoryExhaustionIn24h");
        // two samples in range first at T = 2 min (samples at 0:30 and 1:30): pending from then, firing 10 min later,
        // decided on the newest sample at or before it (11:30)
        assertThat(incidents).allSatisfy(incident -> {
            assertThat(incident.getResource()).isEqualTo(Resource.MEMORY_RSS);
            assertThat(incident.getEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 11 * MINUTE + 30_000));
            assertThat(incident.getLimit()).isEqualTo(2 * GIB);
            assertThat(incident.getSlopePerHour()).isCloseTo(GIB, org.assertj.core.api.Assertions.within(GIB * 1e-6));
        });
        assertThat(incidents.get(0).getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(incidents.get(0).getIncidentId()).startsWith("host-a/42/" + T0 + "/MEMORY_RSS/");
    }

    @Test
    void anExpressionThatHoldsForLessThanTheForDurationNeverFires() {
        PredictLinearRules oneRule = new PredictLinearRules(List.of(new AlertRule("Mem", AlertRule.Signal.MEMORY_RSS,
                Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(10), Severity.HIGH, "predict_linear(rss[5m], 1h) > limit")),
                Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5));
        // a 6-minute burst (the 5 m trend points at the limit for about 6 evaluations), then flat
        List<ProcessSample> samples = series(60, minute -> minute < 6 ? GIB * (1 + minute / 10.0) : 1.6 * GIB, 2 * GIB, 10, 1024);
        List<LeakIncident> incidents = new ArrayList<>();
        new PredictLinearDetector(oneRule).run(samples.iterator(), incidents::add);
        assertThat(incidents).isEmpty();
    }

    @Test
    void aFiringAlertResolvesOnceTheTrendStops() {
        PredictLinearRules oneRule = new PredictLinearRules(List.of(new AlertRule("Mem", AlertRule.Signal.MEMORY_RSS,
                Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofMinutes(10), Severity.HIGH, "predict_linear(rss[10m], 1h) > limit")),
                Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5));
        List<ProcessSample> samples = series(90, minute -> minute < 30 ? GIB * (1 + minute / 60.0) : 1.5 * GIB, 2 * GIB, 10, 1024);
        List<LeakIncident> incidents = new ArrayList<>();
        new PredictLinearDetector(oneRule).run(samples.iterator(), incidents::add);
        assertThat(incidents).extracting(LeakIncident::getStatus).containsExactly(IncidentStatus.OPENED, IncidentStatus.RESOLVED);
        assertThat(incidents.get(1).getReason()).contains("stopped firing");
        assertThat(incidents.get(1).getEventTime()).isAfter(incidents.get(0).getEventTime());
    }

    @Test
    void aCloseWaitPileUpIsSeenOnlyAsAnFdIncidentViaTheUtilisationRecordingRule() {
        // 20 fds a minute towards a limit of 1024: predict_linear(fd_utilization[10m], 1h) > 1 holds once two
        // recorded ratios are in range (T = 2 min), so FdExhaustionCloseCritical fires at T = 12 min
        List<ProcessSample> samples = series(60, minute -> GIB, 2 * GIB, 0, 1024);
        for (int i = 0; i < samples.size(); i++) {
            ProcessSample s = samples.get(i);
            s.setFdCount(100 + 20 * i);
            s.setTcp(new TcpStateCounts(5, 0, 0, 0, 0, 0, 0, 20 * i, 0, 1, 0));
        }
        List<LeakIncident> incidents = new ArrayList<>();
        PredictLinearDetector.withDefaultRules().run(samples.iterator(), incidents::add);
        assertThat(incidents).isNotEmpty().allSatisfy(i -> assertThat(i.getResource()).isEqualTo(Resource.OPEN_FDS));
        LeakIncident critical = incidents.stream().filter(i -> i.getIncidentId().endsWith("/FdExhaustionCloseCritical")).findFirst().orElseThrow();
        assertThat(critical.getEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 11 * MINUTE + 30_000));
        assertThat(critical.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.getSlopePerHour()).isCloseTo(20 * 60, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(critical.getLimit()).isEqualTo(1024);
    }

    @Test
    void aFlatProcessNeverFires() {
        List<ProcessSample> samples = series(600, minute -> GIB * (1 + 0.01 * Math.sin(minute)), 2 * GIB, 10, 1024);
        List<LeakIncident> incidents = new ArrayList<>();
        assertThat(PredictLinearDetector.withDefaultRules().run(samples.iterator(), incidents::add)).isEqualTo(600);
        assertThat(incidents).isEmpty();
    }

    /** One process sampled at :30 of each minute for {@code minutes} minutes. */
    private static List<ProcessSample> series(int minutes, LongToDoubleFunction rssAtMinute, long memoryLimit, int fds, long fdLimit) {
        List<ProcessSample> samples = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            samples.add(ProcessSample.newBuilder()
                    .setHost("host-a").setPid(42).setStartTime(Instant.ofEpochMilli(T0)).setTimestamp(Instant.ofEpochMilli(T0 + m * MINUTE + 30_000))
                    .setComm("app").setRssBytes(Math.round(rssAtMinute.applyAsDouble(m))).setMemoryLimitBytes(memoryLimit)
                    .setFdCount(fds).setFdLimit(fdLimit).setThreads(10).build());
        }
        return samples;
    }
}
