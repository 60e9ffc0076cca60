package dev.leakwatch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TcpStateCounts;
import dev.leakwatch.schema.TestRecords;

class SampleJsonTest {
    /** The example line of the design doc, verbatim but joined onto one line. */
    private static final String DESIGN_EXAMPLE = "{\"host\":\"web-17\",\"pid\":4242,\"start_time\":1767225600000,\"timestamp\":1767229200000,"
            + " \"comm\":\"chat_server\",\"service\":\"chat\",\"version\":\"2.3.1\","
            + " \"rss_bytes\":524288000,\"memory_limit_bytes\":8589934592,"
            + " \"fd_count\":120,\"fd_limit\":1024,\"threads\":16,"
            + " \"tcp\":{\"established\":40,\"close_wait\":2,\"listen\":1}}";

    @Test
    void parsesTheDesignDocExample() {
        ProcessSample sample = SampleJson.parse(DESIGN_EXAMPLE);

        assertThat(sample.getHost()).isEqualTo("web-17");
        assertThat(sample.getPid()).isEqualTo(4242);
        assertThat(sample.getStartTime()).isEqualTo(Instant.ofEpochMilli(1_767_225_600_000L));
        assertThat(sample.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_767_229_200_000L));
        assertThat(sample.getComm()).isEqualTo("chat_server");
        assertThat(sample.getService()).isEqualTo("chat");
        assertThat(sample.getVersion()).isEqualTo("2.3.1");
        assertThat(sample.getRssBytes()).isEqualTo(524_288_000L);
        assertThat(sample.getMemoryLimitBytes()).isEqualTo(8_589_934_592L);
        assertThat(sample.getFdCount()).isEqualTo(120);
        assertThat(sample.getFdLimit()).isEqualTo(1024L);
        assertThat(sample.getThreads()).isEqualTo(16);
        assertThat(sample.getTcp().getEstablished()).isEqualTo(40);
        assertThat(sample.getTcp().getCloseWait()).isEqualTo(2);
        assertThat(sample.getTcp().getListen()).isEqualTo(1);
    }

    @Test
    void missingOptionalFieldsMeanUnknown() {
        ProcessSample sample = SampleJson.parse(DESIGN_EXAMPLE);

        assertThat(sample.getCmdline()).isNull();
        assertThat(sample.getContainerId()).isNull();
        assertThat(sample.getUid()).isNull();
    }

    @Test
    void missingTcpStatesCountZero() {
        TcpStateCounts tcp = SampleJson.parse(DESIGN_EXAMPLE).getTcp();

        assertThat(tcp).isEqualTo(TcpStateCounts.newBuilder().setEstablished(40).setCloseWait(2).setListen(1).build());
        assertThat(tcp.getTimeWait()).isZero();
        assertThat(tcp.getSynSent()).isZero();
        assertThat(tcp.getFinWait2()).isZero();
    }

    @Test
    void aMissingTcpObjectMeansNotCollected() {
        assertThat(SampleJson.parse(SampleJson.format(TestRecords.minimalSample())).getTcp()).isNull();
    }

    @Test
    void roundTripsFullAndMinimalSamples() {
        assertThat(SampleJson.parse(SampleJson.format(TestRecords.fullSample()))).isEqualTo(TestRecords.fullSample());
        assertThat(SampleJson.parse(SampleJson.format(TestRecords.minimalSample()))).isEqualTo(TestRecords.minimalSample());
    }

    @Test
    void formatsTheDesignDocFormOnOneLineOmittingUnknownsAndZeroStates() {
        String line = SampleJson.format(SampleJson.parse(DESIGN_EXAMPLE));

        assertThat(line).isEqualTo(DESIGN_EXAMPLE.replace(" ", ""));
    }

    @Test
    void formatsTimesAsEpochMillisNumbers() {
        assertThat(SampleJson.format(TestRecords.minimalSample()))
                .isEqualTo("{\"host\":\"db-3\",\"pid\":1,\"start_time\":1700000000000,\"timestamp\":1700000005000,"
                        + "\"comm\":\"(a b ) ( c d)\"}");
    }

    @Test
    void ignoresUnknownFieldsAndUnknownTcpStates() {
        ProcessSample sample = SampleJson.parse("{\"host\":\"h\",\"pid\":2,\"start_time\":1,\"timestamp\":2,\"comm\":\"x\","
                + "\"gpu_bytes\":7,\"tcp\":{\"new_syn_recv\":3,\"listen\":2}}");

        assertThat(sample.getTcp().getListen()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "pid", "start_time", "timestamp", "comm"})
    void aMissingRequiredFieldIsNamed(String field) throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(SampleJson.format(TestRecords.fullSample()));
        json.remove(field);
        String line = json.toString();

        assertThatThrownBy(() -> SampleJson.parse(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid sample line: missing required field '" + field + "'");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedWithItsValue() {
        assertThatThrownBy(() -> SampleJson.parse(DESIGN_EXAMPLE.replace("\"pid\":4242", "\"pid\":\"4242\"")))
                .hasMessageContaining("field 'pid' must be a whole number that fits in 32 bits, got \"4242\"");
        assertThatThrownBy(() -> SampleJson.parse(DESIGN_EXAMPLE.replace("\"close_wait\":2", "\"close_wait\":2.5")))
                .hasMessageContaining("invalid sample line: field 'tcp.close_wait' must be a whole number");
    }

    @Test
    void brokenJsonSaysSo() {
        assertThatThrownBy(() -> SampleJson.parse("{\"host\":\"web-17\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid sample line: not valid JSON");
        assertThatThrownBy(() -> SampleJson.parse("[1,2]"))
                .hasMessageContaining("expected one JSON object");
        assertThatThrownBy(() -> SampleJson.parse(DESIGN_EXAMPLE + " trailing"))
                .hasMessageContaining("not valid JSON");
    }
}
