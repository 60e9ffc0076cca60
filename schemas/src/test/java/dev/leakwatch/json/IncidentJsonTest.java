package dev.leakwatch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;
import dev.leakwatch.schema.TestRecords;

class IncidentJsonTest {
    /**
     * The example of the design doc, on one line, exactly as format must write it (with
     * {@code exhausts}, which came after the example, null between time_to_exhaustion_seconds and confidence).
     */
    private static final String DESIGN_EXAMPLE = "{\"incident_id\":\"web-17/4242/1767225600000/TCP_CLOSE_WAIT\",\"status\":\"OPENED\","
            + "\"resource\":\"TCP_CLOSE_WAIT\",\"related_resources\":[\"OPEN_FDS\"],"
            + "\"host\":\"web-17\",\"pid\":4242,\"start_time\":1767225600000,\"comm\":\"chat_server\",\"service\":\"chat\",\"version\":\"2.3.1\","
            + "\"event_time\":1767240000000,\"severity\":\"HIGH\",\"slope_per_hour\":41.5,\"current_value\":620,\"limit\":1024,"
            + "\"time_to_exhaustion_seconds\":35000,\"exhausts\":null,\"confidence\":0.999,\"pattern\":\"LINEAR\","
            + "\"hint\":\"CLOSE_WAIT sockets pile up: the peer hung up but this process never calls close() ...\","
            + "\"reason\":null}";

    @Test
    void formatsExactlyTheDesignDocForm() {
        assertThat(IncidentJson.format(TestRecords.openedIncident())).isEqualTo(DESIGN_EXAMPLE);
    }

    @Test
    void parsesTheDesignDocExample() {
        LeakIncident incident = IncidentJson.parse(DESIGN_EXAMPLE);

        assertThat(incident).isEqualTo(TestRecords.openedIncident());
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPENED);
        assertThat(incident.getRelatedResources()).containsExactly(Resource.OPEN_FDS);
        assertThat(incident.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_767_240_000_000L));
    }

    @Test
    void writesEveryKeyWithNullsForUnknowns() {
        LeakIncident resolved = LeakIncident.newBuilder(TestRecords.openedIncident())
                .setStatus(IncidentStatus.RESOLVED)
                .setRelatedResources(List.of())
                .setService(null).setVersion(null).setLimit(null).setTimeToExhaustionSeconds(null).setHint(null)
                .setReason("process exited near its limit (likely OOM-killed)")
                .build();

        String line = IncidentJson.format(resolved);

        assertThat(line).contains("\"related_resources\":[]", "\"service\":null", "\"version\":null", "\"limit\":null",
                "\"time_to_exhaustion_seconds\":null", "\"exhausts\":null", "\"hint\":null",
                "\"reason\":\"process exited near its limit (likely OOM-killed)\"");
        assertThat(line).doesNotContain("\n");
        assertThat(IncidentJson.parse(line)).isEqualTo(resolved);
    }

    @Test
    void writesCountsAsIntegersAndRatesAsDecimals() {
        LeakIncident incident = LeakIncident.newBuilder(TestRecords.openedIncident())
                .setSeverity(Severity.CRITICAL).setSlopePerHour(3.0).setCurrentValue(8_000_000_000L).build();

        assertThat(IncidentJson.format(incident)).contains("\"current_value\":8000000000,", "\"limit\":1024,",
                "\"slope_per_hour\":3.0,", "\"severity\":\"CRITICAL\"");
    }

    @Test
    void writesAndReadsWhichResourcesLimitTheProjectionIsAgainst() {
        // threads are the root cause, memory runs out first
        LeakIncident threads = LeakIncident.newBuilder(TestRecords.openedIncident())
                .setIncidentId("web-17/4242/1767225600000/THREADS")
                .setResource(Resource.THREADS).setRelatedResources(List.of(Resource.MEMORY_RSS))
                .setCurrentValue(831).setLimit(32768L).setTimeToExhaustionSeconds(7L).setExhausts(Resource.MEMORY_RSS)
                .build();

        String line = IncidentJson.format(threads);

        assertThat(line).contains("\"current_value\":831,\"limit\":32768,\"time_to_exhaustion_seconds\":7,\"exhausts\":\"MEMORY_RSS\",");
        assertThat(IncidentJson.parse(line)).isEqualTo(threads);
    }

    @Test
    void aLineWrittenBeforeExhaustsExistedProjectsToTheResourcesOwnLimit() {
        String older = DESIGN_EXAMPLE.replace("\"exhausts\":null,", "");
        assertThat(older).doesNotContain("exhausts");

        assertThat(IncidentJson.parse(older)).isEqualTo(TestRecords.openedIncident());
        assertThat(IncidentJson.parse(older).getExhausts()).isNull();
    }

    @Test
    void anUnknownResourceReadsAsOtherLikeTheAvroEnumDefault() {
        LeakIncident incident = IncidentJson.parse(DESIGN_EXAMPLE.replace("[\"OPEN_FDS\"]", "[\"GPU_MEMORY\"]"));

        assertThat(incident.getRelatedResources()).containsExactly(Resource.OTHER);
    }

    @Test
    void anUnknownStatusListsTheKnownOnes() {
        assertThatThrownBy(() -> IncidentJson.parse(DESIGN_EXAMPLE.replace("\"OPENED\"", "\"REOPENED\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'status' is 'REOPENED', expected one of [OPENED, UPDATED, RESOLVED]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"incident_id", "status", "resource", "host", "pid", "start_time", "comm", "event_time",
            "severity", "slope_per_hour", "current_value", "confidence", "pattern"})
    void aMissingRequiredFieldIsNamed(String field) {
        String line = DESIGN_EXAMPLE.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]+),", "");

        assertThatThrownBy(() -> IncidentJson.parse(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid incident line: missing required field '" + field + "'");
    }
}
