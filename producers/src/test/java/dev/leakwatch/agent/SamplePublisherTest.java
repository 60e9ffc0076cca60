package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.leakwatch.schema.ProcessSample;

class SamplePublisherTest {

    @Test
    void keysEachSampleByProcessIncarnationAndStampsItWithTheSampleTime() {
        final MockProducer<String, ProcessSample> producer = mockProducer(true, AvroSerdeForTests.processSamples().serializer());
        final SamplePublisher publisher = new SamplePublisher(producer, TestSamples.topic("samples"));

        publisher.publish(List.of(TestSamples.sample(4242, 1_767_225_600_000L, 1_767_229_200_000L)));

        final ProducerRecord<String, ProcessSample> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("samples");
        assertThat(record.key()).isEqualTo("web-17/4242/1767225600000");
        assertThat(record.timestamp()).isEqualTo(1_767_229_200_000L);
        assertThat(publisher.sent()).isEqualTo(1);
        assertThat(publisher.failed()).isZero();
    }

    @Test
    void countsSamplesTheBrokerNeverAcknowledged() {
        final MockProducer<String, ProcessSample> producer = mockProducer(false, AvroSerdeForTests.processSamples().serializer());
        final SamplePublisher publisher = new SamplePublisher(producer, TestSamples.topic("samples"));

        publisher.publish(List.of(TestSamples.sample(1, 1000, 2000), TestSamples.sample(2, 1000, 2000)));
        producer.errorNext(new TimeoutException("delivery.timeout.ms expired"));
        producer.completeNext();

        assertThat(publisher.failed()).isEqualTo(1);
        assertThat(publisher.sent()).isEqualTo(1);
    }

    @Test
    void countsASampleThatCannotBeSerializedAndGoesOnWithTheRest() {
        final Serializer<ProcessSample> failsForPidOne = (topic, sample) -> {
            if (sample.getPid() == 1) {
                throw new SerializationException("cannot serialize pid 1");
            }
            return new byte[] {1};
        };
        final MockProducer<String, ProcessSample> producer = mockProducer(true, failsForPidOne);
        final SamplePublisher publisher = new SamplePublisher(producer, TestSamples.topic("samples"));

        publisher.publish(List.of(TestSamples.sample(1, 1000, 2000), TestSamples.sample(2, 1000, 2000)));

        assertThat(publisher.failed()).isEqualTo(1);
        assertThat(publisher.sent()).isEqualTo(1);
    }

    @Test
    void defaultsToAnIdempotentLz4ProducerThatCallersCanOverride() {
        final Map<String, Object> config = SamplePublisher.effectiveConfig(Map.of(
                "bootstrap.servers", "broker-1:9092", "linger.ms", 50));

        assertThat(config).containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", 50)
                .containsEntry("bootstrap.servers", "broker-1:9092");
    }

    @Test
    void refusesAConfigWithoutBootstrapServers() {
        assertThatThrownBy(() -> SamplePublisher.effectiveConfig(Map.of("acks", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    private static MockProducer<String, ProcessSample> mockProducer(boolean autoComplete, Serializer<ProcessSample> values) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), values);
    }
}
