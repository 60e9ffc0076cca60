package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.leakwatch.agent.procfs.Fixtures;
import dev.leakwatch.embedded.KafkaServer;
import dev.leakwatch.embedded.RealServers;
import dev.leakwatch.schema.ProcessSample;

/**
 * The broker goes away during a run and comes back: samples wait in the agent's bounded buffer and
 * arrive exactly once and in order per process; beyond the buffer the oldest are dropped and counted.
 */
@ExtendWith(RealServers.class)
class BrokerOutageTest {
    private static final AgentSettings FIXTURE_HOST = AgentSettings.defaults()
            .withProcRoot(Fixtures.path(Fixtures.HOST_A))
            .withCgroupRoot(Fixtures.path(Fixtures.CGROUP_A));
    private static final int PROCESSES = 6;

    @Test
    void everySampleProducedWithinTheBufferArrivesExactlyOnceAndInOrderAfterAnOutage(KafkaServer kafka) throws Exception {
        final String topic = "agent-outage-samples";
        kafka.createTopic(topic, 3);
        final TickClock clock = new TickClock();
        final List<String> produced = new ArrayList<>();
        try (HostAgent agent = agent(kafka, topic, 8L << 20, SamplePublisher.WINDOW_BYTES, clock)) {
            tick(agent, clock, 5, produced);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.samplesSent() == 5 * PROCESSES);

            kafka.stop();
            try {
                tick(agent, clock, 40, produced);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> agent.samplesSent() == 5 * PROCESSES);
            } finally {
                kafka.restart();
            }
            tick(agent, clock, 5, produced);

            await().atMost(Duration.ofSeconds(60)).until(() -> agent.samplesSent() == 50 * PROCESSES);
            assertThat(agent.samplesDropped()).isZero();
            assertThat(agent.samplesFailed()).isZero();
            assertThat(agent.bufferedBytes()).isZero();
        }

        final List<ConsumerRecord<String, ProcessSample>> records = readAll(kafka, topic, produced.size());
        assertThat(records).extracting(BrokerOutageTest::id).containsExactlyInAnyOrderElementsOf(produced);
        assertInOrderPerProcess(records);
    }

    @Test
    void dropsTheOldestBeyondTheBufferCountsThemAndDeliversTheRestInOrder(KafkaServer kafka) throws Exception {
        final String topic = "agent-outage-small-buffer";
        kafka.createTopic(topic, 2);
        final TickClock clock = new TickClock();
        final List<String> produced = new ArrayList<>();
        final long published;
        final long dropped;
        try (HostAgent agent = agent(kafka, topic, AgentSettings.MIN_BUFFER_BYTES, 4 * 1024, clock)) {
            tick(agent, clock, 2, produced);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.samplesSent() == 2 * PROCESSES);

            kafka.stop();
            try {
                tick(agent, clock, 150, produced);
                assertThat(agent.samplesDropped()).as("150 ticks do not fit in 64 KiB").isPositive();
                assertThat(agent.bufferedBytes()).isLessThanOrEqualTo(AgentSettings.MIN_BUFFER_BYTES);
            } finally {
                kafka.restart();
            }
            tick(agent, clock, 1, produced);
            await().atMost(Duration.ofSeconds(60)).until(() -> agent.samplesSent() + agent.samplesDropped() == produced.size());
            published = agent.samplesPublished();
            dropped = agent.samplesDropped();
            assertThat(agent.samplesFailed()).isZero();
        }

        final List<ConsumerRecord<String, ProcessSample>> records = readAll(kafka, topic, (int) (published - dropped));
        final List<String> arrived = records.stream().map(BrokerOutageTest::id).toList();
        assertThat(arrived).doesNotHaveDuplicates().isSubsetOf(produced);
        assertThat(arrived).as("the newest tick is never the one dropped").containsAll(produced.subList(produced.size() - PROCESSES, produced.size()));
        assertThat(produced.size() - arrived.size()).isEqualTo(dropped);
        assertInOrderPerProcess(records);
    }

    private static HostAgent agent(KafkaServer kafka, String topic, long bufferBytes, long windowBytes, Clock clock) {
        final Map<String, Object> config = SamplePublisher.effectiveConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
        final SamplePublisher publisher = new SamplePublisher(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                TestSamples.topic(topic), bufferBytes, windowBytes);
        return new HostAgent(new ProcessSampler(FIXTURE_HOST), publisher, FIXTURE_HOST.tickInterval(), clock);
    }

    /** Runs ticks a second of sample time apart and notes what each published, as host/pid/start@timestamp. */
    private static void tick(HostAgent agent, TickClock clock, int ticks, List<String> produced) throws Exception {
        for (int i = 0; i < ticks; i++) {
            clock.advance();
            assertThat(agent.tickOnce()).isEqualTo(PROCESSES);
            for (int pid : new int[] {1000, 1001, 1002, 1003, 1004, 1005}) {
                produced.add(pid + "@" + clock.instant().toEpochMilli());
            }
        }
    }

    private static String id(ConsumerRecord<String, ProcessSample> record) {
        return record.value().getPid() + "@" + record.value().getTimestamp().toEpochMilli();
    }

    private static void assertInOrderPerProcess(List<ConsumerRecord<String, ProcessSample>> records) {
        final Map<String, Long> lastByKey = new HashMap<>();
        for (ConsumerRecord<String, ProcessSample> record : records) {
            final long timestamp = record.value().getTimestamp().toEpochMilli();
            final Long last = lastByKey.put(record.key(), timestamp);
            assertThat(last == null || last < timestamp).as("%s after %s for %s", timestamp, last, record.key()).isTrue();
        }
    }

    /** Reads the topic until {@code expected} records came, then a little longer to catch duplicates. */
    private static List<ConsumerRecord<String, ProcessSample>> readAll(KafkaServer kafka, String topic, int expected) {
        final List<ConsumerRecord<String, ProcessSample>> records = new ArrayList<>();
        try (KafkaConsumer<String, ProcessSample> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), AvroSerdeForTests.processSamples().deserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }

    /** Sample time that moves one second per tick, so that every sample of a process has its own timestamp. */
    private static final class TickClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T14:00:00Z");

        void advance() {
            now = now.plusSeconds(1);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
