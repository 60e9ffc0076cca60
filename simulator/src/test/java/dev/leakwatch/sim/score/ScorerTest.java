package dev.leakwatch.sim.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leakwatch.json.IncidentJson;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.sim.EndReason;
import dev.leakwatch.sim.FleetSpec;
import dev.leakwatch.sim.GroundTruth;
import dev.leakwatch.sim.Scenario;

/**
 * The scorer on a hand-made incident file ({@code score/known-incidents.jsonl}) against hand-made
 * ground truth, whose precision, recall and the rest are worked out below.
 */
class ScorerTest {
    private static final long B = 1_767_225_600_000L;
    private static final long H = 3_600_000L;
    private static final double E = 1e-9;

    /*
     * A rss leak, onset 1h, exhausts 11h, watched 0..10h50m: scored; incidents MEMORY 3.5h (right cause,
     *   25 % of its life, 7.5 h lead), OPEN_FDS 4h (a duplicate), RESOLVED 10h (ignored)
     * B healthy, watched 24h, no incident
     * C fd leak, onset 0, exhausts 100h, watched 24h: scored; TCP_CLOSE_WAIT at 12h (wrong cause, 12 %, 88 h lead)
     * D thread leak, watched 24h: scored, missed
     * E healthy, watched 24h: two incidents (2 false incidents, 1 duplicate, 1 falsely flagged process)
     * F slow leak whose onset is a minute before the end: too briefly watched to score; flagged after onset
     * G late leak, onset 20h, exhausts 30h: scored, missed; its only incident (10h) came before onset: false
     * H a leak never sampled: ignored, incident and all
     * an incident about an unknown process: unmatched
     *
     * flagged leaking A C F = 3, flagged healthy E G = 2: precision 3/5; scored A C D G, detected A C: recall 1/2
     */
    private static final List<GroundTruth> TRUTH = List.of(
            truth(1, Scenario.RSS_LINEAR, Resource.MEMORY_RSS, B + H, B + 11 * H, B + 10 * H + 50 * 60_000, EndReason.OOM_KILLED),
            truth(2, Scenario.FLAT, null, null, null, B + 24 * H, EndReason.SIMULATION_END),
            truth(3, Scenario.FD_LEAK, Resource.OPEN_FDS, B, B + 100 * H, B + 24 * H, EndReason.SIMULATION_END),
            truth(4, Scenario.THREAD_LEAK, Resource.THREADS, B, B + 48 * H, B + 24 * H, EndReason.SIMULATION_END),
            truth(5, Scenario.GC_SAWTOOTH, null, null, null, B + 24 * H, EndReason.SIMULATION_END),
            truth(6, Scenario.SLOW_LEAK, Resource.MEMORY_RSS, B + 24 * H - 60_000, B + 200 * H, B + 24 * H, EndReason.SIMULATION_END),
            truth(7, Scenario.LATE_LEAK, Resource.MEMORY_RSS, B + 20 * H, B + 30 * H, B + 24 * H, EndReason.SIMULATION_END),
            new GroundTruth("h1", 8, B, "svc", Scenario.RSS_LINEAR, Resource.MEMORY_RSS, List.of(), B, B + 5 * H, 1000L,
                    B + 2 * H, EndReason.DEPLOYED, null, null, 0));

    @Test
    void scoresTheHandMadeIncidentFileAsWorkedOut() throws IOException {
        DetectorScore score = new Scorer(ScoringSettings.defaults()).score("hand-made", TRUTH, incidents());
        Metrics m = score.overall();

        assertThat(m.incarnations()).isEqualTo(7);
        assertThat(m.leaks()).isEqualTo(5);
        assertThat(m.scoredLeaks()).isEqualTo(4);
        assertThat(m.detected()).isEqualTo(2);
        assertThat(m.flaggedLeaking()).isEqualTo(3);
        assertThat(m.flaggedHealthy()).isEqualTo(2);
        assertThat(m.precision()).isCloseTo(0.6, within(E));
        assertThat(m.recall()).isCloseTo(0.5, within(E));
        assertThat(m.f1()).isCloseTo(2 * 0.6 * 0.5 / 1.1, within(E));
        assertThat(m.rootCauseAccuracy()).isCloseTo(0.5, within(E));
        assertThat(m.incidents()).isEqualTo(7);
        assertThat(m.falseIncidents()).isEqualTo(3);
        assertThat(m.duplicates()).isEqualTo(2);
        assertThat(m.medianDetectionFraction()).isCloseTo((0.25 + 0.12) / 2, within(E));
        assertThat(m.medianLeadTimeHours()).isCloseTo((7.5 + 88) / 2, within(E));
        // healthy time: B 24h + E 24h + A before onset 1h + F before onset 23h59m + G before onset 20h
        double healthyDays = (24 + 24 + 1 + 20) / 24.0 + (24 * H - 60_000) / (24.0 * H);
        assertThat(m.healthyProcessDays()).isCloseTo(healthyDays, within(E));
        assertThat(m.falseIncidentsPer1000HealthyProcessDays()).isCloseTo(3 / healthyDays * 1000, within(E));
        assertThat(score.unmatchedIncidents()).isEqualTo(1);
    }

    @Test
    void breaksTheScoreDownPerScenario() throws IOException {
        DetectorScore score = new Scorer(ScoringSettings.defaults()).score("hand-made", TRUTH, incidents());
        Metrics rssLinear = score.byScenario().get(Scenario.RSS_LINEAR);
        assertThat(rssLinear.incarnations()).isEqualTo(1);
        assertThat(rssLinear.recall()).isEqualTo(1.0);
        assertThat(rssLinear.rootCauseAccuracy()).isEqualTo(1.0);
        assertThat(rssLinear.duplicates()).isEqualTo(1);
        Metrics fdLeak = score.byScenario().get(Scenario.FD_LEAK);
        assertThat(fdLeak.rootCauseAccuracy()).isZero();
        assertThat(fdLeak.medianLeadTimeHours()).isCloseTo(88, within(E));
        assertThat(score.byScenario().get(Scenario.THREAD_LEAK).recall()).isZero();
        assertThat(score.byScenario().get(Scenario.GC_SAWTOOTH).falseIncidents()).isEqualTo(2);
        assertThat(score.byScenario().get(Scenario.FLAT).precision()).isNaN();
        assertThat(score.byScenario().get(Scenario.SLOW_LEAK).scoredLeaks()).isZero();
        assertThat(score.byScenario().get(Scenario.LATE_LEAK).falseIncidents()).isEqualTo(1);
    }

    @Test
    void aPerfectDetectorScoresOneEverywhere() {
        List<LeakIncident> perfect = new ArrayList<>();
        for (GroundTruth t : TRUTH) {
            if (t.leaks() && t.observed()) {
                perfect.add(IncidentJson.parse(line(t.pid(), t.expectedResource(), t.leakOnset())));
            }
        }
        Metrics m = new Scorer(ScoringSettings.defaults()).score("perfect", TRUTH, perfect).overall();
        assertThat(m.precision()).isEqualTo(1.0);
        assertThat(m.recall()).isEqualTo(1.0);
        assertThat(m.rootCauseAccuracy()).isEqualTo(1.0);
        assertThat(m.falseIncidents()).isZero();
        assertThat(m.duplicates()).isZero();
        assertThat(m.medianDetectionFraction()).isZero();
    }

    @Test
    void aStricterWatchRuleScoresFewerLeaks() throws IOException {
        ScoringSettings strict = new ScoringSettings(java.time.Duration.ofHours(10), 1.0);
        Metrics m = new Scorer(strict).score("hand-made", TRUTH, incidents()).overall();
        // A was watched 9h50m of a 10h life and G 4h of 10h: neither counts now; C and D (24h) still do
        assertThat(m.scoredLeaks()).isEqualTo(2);
        assertThat(m.recall()).isCloseTo(0.5, within(E));
    }

    @Test
    void theReportShowsBothDetectorsSideBySide() throws IOException {
        Scorer scorer = new Scorer(ScoringSettings.defaults());
        DetectReport report = new DetectReport(FleetSpec.benchmark(1, 8, java.time.Duration.ofDays(1), java.time.Duration.ofSeconds(60), 1),
                1000, TRUTH.size(), List.of(new DetectReport.Run(scorer.score("leakwatch", TRUTH, incidents()), 1.5),
                new DetectReport.Run(scorer.score("predict_linear", TRUTH, List.of()), 0.5)), 0.1);
        assertThat(report.markdown())
                .contains("| measure | leakwatch | predict_linear |")
                .contains("| precision (flagged processes that leak) | 0.60 | - |")
                .contains("| recall (scored leaks detected) | 0.50 | 0.00 |")
                .contains("| rss-linear | 1 | 1 | 1.00 / 0.00 |");
        assertThat(report.json()).contains("\"name\" : \"predict_linear\"").contains("\"precision\" : null").contains("\"recall\" : 0.5");
    }

    private static List<LeakIncident> incidents() throws IOException {
        List<LeakIncident> incidents = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ScorerTest.class.getResourceAsStream("/score/known-incidents.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    incidents.add(IncidentJson.parse(line));
                }
            }
        }
        return incidents;
    }

    private static GroundTruth truth(int pid, Scenario scenario, Resource resource, Long onset, Long exhaustion, long last, EndReason reason) {
        return new GroundTruth("h1", pid, B, "svc", scenario, resource, List.of(), onset, exhaustion, resource == null ? null : 1000L,
                last, reason, B, last, (last - B) / 60_000 + 1);
    }

    private static String line(int pid, Resource resource, long at) {
        return "{\"incident_id\":\"h1/" + pid + "/" + B + "/" + resource + "\",\"status\":\"OPENED\",\"resource\":\"" + resource
                + "\",\"host\":\"h1\",\"pid\":" + pid + ",\"start_time\":" + B + ",\"comm\":\"app\",\"event_time\":" + at
                + ",\"severity\":\"HIGH\",\"slope_per_hour\":1,\"current_value\":1,\"confidence\":1,\"pattern\":\"LINEAR\"}";
    }
}
