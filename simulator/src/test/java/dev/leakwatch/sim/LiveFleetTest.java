package dev.leakwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;

class LiveFleetTest {
    @Test
    void publishesTicksAtWallClockTimeKeyedByProcess() throws InterruptedException {
        Instant start = Instant.ofEpochMilli(System.currentTimeMillis());
        FleetSpec spec = new FleetSpec("live", 3, 4, start, Duration.ofDays(1), Duration.ofMillis(200), 1, 1.0 / 60,
                Duration.ZERO, 0, 0, 0.5, EnumSet.allOf(Scenario.class));
        Topic<String, ProcessSample> topic = new Topic<>("samples", Serdes.String(), Serdes.serdeFrom(
                (t, v) -> new byte[0], (t, b) -> null));
        MockProducer<String, ProcessSample> producer = new MockProducer<>(true, null, topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        LiveFleet fleet = LiveFleet.start(spec, producer, topic);
        Thread.sleep(1_500);
        long sentAt = System.currentTimeMillis();
        fleet.close();

        assertThat(fleet.failure()).isEmpty();
        List<ProducerRecord<String, ProcessSample>> sent = producer.history();
        // about 7 ticks of 12 processes in 1.5 s; never a sample from the future
        assertThat(sent).hasSizeBetween(3 * 12, 10 * 12);
        assertThat(fleet.samplesSent()).isEqualTo(sent.size());
        assertThat(sent).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(ProcessKey.of(record.value()));
            assertThat(record.timestamp()).isEqualTo(record.value().getTimestamp().toEpochMilli());
            assertThat(record.timestamp()).isLessThanOrEqualTo(sentAt);
            assertThat(fleet.scenarioOf(record.value().getHost(), record.value().getPid(),
                    record.value().getStartTime().toEpochMilli())).isPresent();
        });
        assertThat(producer.closed()).isTrue();
        assertThat(fleet.failure()).isEmpty();
    }
}
