package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.Topic;

class SamplePublisherTest {
    private static final long BUFFER = 1L << 20;
    private SamplePublisher publisher;

    @AfterEach
    void close() {
        if (publisher != null) {
            publisher.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void keysEachSampleByProcessIncarnationAndStampsItWithTheSampleTime() {
        final MockProducer<String, byte[]> producer = mockProducer(true);
        publisher = new SamplePublisher(producer, TestSamples.topic("samples"), BUFFER, SamplePublisher.WINDOW_BYTES);

        publisher.publish(List.of(TestSamples.sample(4242, 1_767_225_600_000L, 1_767_229_200_000L)));

        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.sent() == 1);
        final ProducerRecord<String, byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("samples");
        assertThat(record.key()).isEqualTo("web-17/4242/1767225600000");
        assertThat(record.timestamp()).isEqualTo(1_767_229_200_000L);
        assertThat(AvroSerdeForTests.processSamples().deserializer().deserialize("samples", record.value()).getPid()).isEqualTo(4242);
        assertThat(publisher.failed()).isZero();
    }

    @Test
    void publishesAWholeTickAsOneHostTickRecordKeyedByHostAndCountsItsSamples() {
        final MockProducer<String, byte[]> producer = mockProducer(true);
        publisher = SamplePublisher.ofHostTicks(producer, new Topic<>("host-ticks", Serdes.String(), AvroSerdeForTests.hostTicks()),
                BUFFER, SamplePublisher.WINDOW_BYTES);
        final List<ProcessSample> tick = List.of(TestSamples.sample(1, 1000, 5000), TestSamples.sample(2, 1000, 5000),
                TestSamples.sample(3, 1000, 5000));

        publisher.publish(tick);
        publisher.publish(List.of());

        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.sent() == 3);
        assertThat(producer.history()).hasSize(1);
        final ProducerRecord<String, byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("host-ticks");
        assertThat(record.key()).isEqualTo("web-17");
        assertThat(record.timestamp()).isEqualTo(5000L);
        final HostTick sent = AvroSerdeForTests.hostTicks().deserializer().deserialize("host-ticks", record.value());
        assertThat(sent.getHost()).isEqualTo("web-17");
        assertThat(sent.getSamples()).containsExactlyElementsOf(tick);
        assertThat(publisher.published()).isEqualTo(3);
    }

    @Test
    void aHostTickTooLargeForOneRecordGoesOutInPartsThatTogetherHoldEverySample() {
        final MockProducer<String, byte[]> producer = mockProducer(true);
        final Topic<String, HostTick> topic = new Topic<>("host-ticks", Serdes.String(), AvroSerdeForTests.hostTicks());
        publisher = SamplePublisher.ofHostTicks(producer, topic, 64L << 20, SamplePublisher.WINDOW_BYTES);
        final List<ProcessSample> tick = new java.util.ArrayList<>();
        for (int pid = 1; pid <= 3000; pid++) {
            final ProcessSample sample = TestSamples.sample(pid, 1000, 5000);
            sample.setCmdline("x".repeat(300));
            tick.add(sample);
        }

        publisher.publish(tick);

        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.sent() == 3000);
        assertThat(producer.history()).hasSizeGreaterThan(1)
                .allSatisfy(record -> assertThat(record.value().length).isLessThanOrEqualTo(SamplePublisher.MAX_TICK_BYTES));
        assertThat(producer.history()).flatExtracting(record -> topic.valueSerde().deserializer().deserialize("host-ticks", record.value())
                .getSamples()).containsExactlyElementsOf(tick);
    }

    @Test
    void aHostTickDroppedFromAFullBufferCountsAllItsSamples() {
        final MockProducer<String, byte[]> producer = mockProducer(false);
        final Topic<String, HostTick> topic = new Topic<>("host-ticks", Serdes.String(), AvroSerdeForTests.hostTicks());
        final List<ProcessSample> oneTick = List.of(TestSamples.sample(1, 1000, 5000), TestSamples.sample(2, 1000, 5000));
        final long tickBytes = topic.valueSerde().serializer().serialize("host-ticks", HostTick.newBuilder().setHost("web-17")
                .setTimestamp(java.time.Instant.ofEpochMilli(5000)).setSamples(oneTick).build()).length + "web-17".length()
                + SampleBuffer.OVERHEAD_BYTES;
        publisher = SamplePublisher.ofHostTicks(producer, topic, tickBytes, tickBytes);

        publisher.publish(oneTick); // with the producer, unacknowledged
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
        publisher.publish(List.of(TestSamples.sample(1, 1000, 6000), TestSamples.sample(2, 1000, 6000)));
        publisher.publish(List.of(TestSamples.sample(1, 1000, 7000), TestSamples.sample(2, 1000, 7000)));

        await().atMost(Duration.ofSeconds(2)).until(() -> publisher.dropped() == 2);
        assertThat(publisher.bufferedRecords()).isEqualTo(1);
    }

    @Test
    void countsSamplesTheBrokerRefusedForGood() {
        final MockProducer<String, byte[]> producer = mockProducer(false);
        publisher = new SamplePublisher(producer, TestSamples.topic("samples"), BUFFER, SamplePublisher.WINDOW_BYTES);

        publisher.publish(List.of(TestSamples.sample(1, 1000, 2000), TestSamples.sample(2, 1000, 2000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        producer.errorNext(new RecordTooLargeException("too large"));
        producer.completeNext();

        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.failed() == 1 && publisher.sent() == 1);
        assertThat(publisher.flush(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void countsASampleThatCannotBeSerializedAndGoesOnWithTheRest() {
        final Serializer<ProcessSample> failsForPidOne = (topic, sample) -> {
            if (sample.getPid() == 1) {
                throw new SerializationException("cannot serialize pid 1");
            }
            return new byte[] {1};
        };
        final Topic<String, ProcessSample> topic = new Topic<>("samples", Serdes.String(),
                Serdes.serdeFrom(failsForPidOne, AvroSerdeForTests.processSamples().deserializer()));
        publisher = new SamplePublisher(mockProducer(true), topic, BUFFER, SamplePublisher.WINDOW_BYTES);

        publisher.publish(List.of(TestSamples.sample(1, 1000, 2000), TestSamples.sample(2, 1000, 2000)));

        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.sent() == 1);
        assertThat(publisher.failed()).isEqualTo(1);
        assertThat(publisher.published()).isEqualTo(1);
    }

    @Test
    void retriesASampleTheProducerRefusedForNowAndKeepsTheOrder() {
        final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            private int refusals = 2;

            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<String, byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
                if (refusals-- > 0) {
                    // what KafkaProducer does when metadata does not come within max.block.ms
                    callback.onCompletion(null, new TimeoutException("Topic samples not present in metadata after 5000 ms."));
                    return java.util.concurrent.CompletableFuture.failedFuture(new TimeoutException("no metadata"));
                }
                return super.send(record, callback);
            }
        };
        publisher = new SamplePublisher(producer, TestSamples.topic("samples"), BUFFER, SamplePublisher.WINDOW_BYTES);

        publisher.publish(List.of(TestSamples.sample(1, 1000, 2000), TestSamples.sample(2, 1000, 2000), TestSamples.sample(3, 1000, 2000)));

        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.sent() == 3);
        assertThat(producer.history()).extracting(r -> r.key()).containsExactly("web-17/1/1000", "web-17/2/1000", "web-17/3/1000");
        assertThat(publisher.failed()).isZero();
    }

    @Test
    void holdsNoMoreThanTheWindowWithTheProducerAndDropsTheOldestWaitingBeyondTheBuffer() {
        final MockProducer<String, byte[]> producer = mockProducer(false);
        final long recordBytes = entryBytes(TestSamples.sample(1, 1000, 2000));
        publisher = new SamplePublisher(producer, TestSamples.topic("samples"), 3 * recordBytes, 2 * recordBytes);

        publisher.publish(TestSamples.sample(1, 1000, 2001));
        publisher.publish(TestSamples.sample(2, 1000, 2002));
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        for (int pid = 3; pid <= 8; pid++) {
            publisher.publish(TestSamples.sample(pid, 1000, 2000 + pid));
        }

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> producer.history().size() == 2);
        // 1 and 2 are with the producer, unacknowledged; of 3 to 8 only the newest three fit
        assertThat(publisher.dropped()).isEqualTo(3);
        assertThat(publisher.bufferedRecords()).isEqualTo(3);
        assertThat(publisher.inFlightBytes()).isEqualTo(2 * recordBytes);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            producer.completeNext();
            return publisher.sent() == 5;
        });
        assertThat(producer.history()).extracting(r -> r.key())
                .containsExactly("web-17/1/1000", "web-17/2/1000", "web-17/6/1000", "web-17/7/1000", "web-17/8/1000");
    }

    @Test
    void dropsAndCountsWhatCouldNotBeSentByTheCloseDeadline() {
        final MockProducer<String, byte[]> producer = mockProducer(false);
        publisher = new SamplePublisher(producer, TestSamples.topic("samples"), BUFFER, SamplePublisher.WINDOW_BYTES);
        publisher.publish(List.of(TestSamples.sample(1, 1000, 2000), TestSamples.sample(2, 1000, 2000)));
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);

        publisher.close(Duration.ofMillis(300));

        assertThat(producer.closed()).isTrue();
        assertThat(publisher.sent()).isZero();
        assertThatThrownBy(() -> publisher.publish(TestSamples.sample(3, 1000, 2000))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void defaultsToAnIdempotentLz4ProducerThatNeverGivesUpAndCallersCanOverride() {
        final Map<String, Object> config = SamplePublisher.effectiveConfig(Map.of(
                "bootstrap.servers", "broker-1:9092", "linger.ms", 50));

        assertThat(config).containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("compression.type", "lz4")
                .containsEntry("delivery.timeout.ms", Integer.MAX_VALUE)
                .containsEntry("linger.ms", 50)
                .containsEntry("bootstrap.servers", "broker-1:9092");
    }

    @Test
    void refusesAConfigWithoutBootstrapServers() {
        assertThatThrownBy(() -> SamplePublisher.effectiveConfig(Map.of("acks", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    private static long entryBytes(ProcessSample sample) {
        final String key = "web-17/1/1000";
        final byte[] value = AvroSerdeForTests.processSamples().serializer().serialize("samples", sample);
        return new SampleBuffer.Entry(0, key, value).bytes();
    }

    private static MockProducer<String, byte[]> mockProducer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }
}
