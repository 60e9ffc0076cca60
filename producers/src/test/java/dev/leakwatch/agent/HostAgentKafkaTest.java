package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.leakwatch.agent.procfs.Fixtures;
import dev.leakwatch.embedded.KafkaServer;
import dev.leakwatch.embedded.RealServers;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.topic.ProcessKey;

/** The agent against a real KRaft broker, built the way the CLI builds it. */
@ExtendWith(RealServers.class)
class HostAgentKafkaTest {

    @Test
    void oneTickPublishesOneRecordPerProcessKeyedByHostPidAndStart(KafkaServer kafka) throws Exception {
        final String topic = "agent-fixture-samples";
        kafka.createTopic(topic, 2);
        final AgentSettings settings = AgentSettings.defaults()
                .withProcRoot(Fixtures.path(Fixtures.HOST_A))
                .withCgroupRoot(Fixtures.path(Fixtures.CGROUP_A));

        final int published;
        try (HostAgent agent = HostAgent.create(settings, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                TestSamples.topic(topic))) {
            published = agent.tickOnce();
            agent.close(Duration.ofSeconds(30));
            assertThat(agent.samplesSent()).isEqualTo(published);
            assertThat(agent.samplesFailed()).isZero();
        }

        final List<ConsumerRecord<String, ProcessSample>> records = readAll(kafka, topic, published);
        assertThat(published).isEqualTo(6);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                records.stream().map(r -> ProcessKey.of(r.value())).toArray(String[]::new));
        assertThat(records).extracting(r -> r.value().getPid()).containsExactlyInAnyOrder(1000, 1001, 1002, 1003, 1004, 1005);
        assertThat(records).allSatisfy(record -> {
            assertThat(record.key()).startsWith("fixture-host-a/" + record.value().getPid() + "/");
            assertThat(record.timestamp()).isEqualTo(record.value().getTimestamp().toEpochMilli());
        });
        assertThat(records).as("all of a host's samples go to one partition").extracting(ConsumerRecord::partition)
                .containsOnly(records.get(0).partition());
        assertThat(records).filteredOn(r -> r.value().getPid() == 1001).singleElement()
                .satisfies(r -> assertThat(r.value().getComm()).isEqualTo("(a b ) ( c d)"));
    }

    @Test
    void theRealHostsProcessesReachTheTopic(KafkaServer kafka) throws Exception {
        final String topic = "agent-real-samples";
        kafka.createTopic(topic, 1);

        final int published;
        try (HostAgent agent = HostAgent.create(AgentSettings.defaults(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), TestSamples.topic(topic))) {
            published = agent.tickOnce();
        }

        final List<ConsumerRecord<String, ProcessSample>> records = readAll(kafka, topic, published);
        assertThat(records).extracting(r -> (long) r.value().getPid()).contains(ProcessHandle.current().pid());
    }

    private static List<ConsumerRecord<String, ProcessSample>> readAll(KafkaServer kafka, String topic, int expected) {
        final Serde<ProcessSample> values = AvroSerdeForTests.processSamples();
        final List<ConsumerRecord<String, ProcessSample>> records = new ArrayList<>();
        try (KafkaConsumer<String, ProcessSample> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values.deserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        assertThat(records).hasSize(expected);
        return records;
    }
}
