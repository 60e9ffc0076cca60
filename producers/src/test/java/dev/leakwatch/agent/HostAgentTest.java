package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.leakwatch.agent.procfs.Fixtures;
import dev.leakwatch.schema.ProcessSample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class HostAgentTest {
    private static final AgentSettings FIXTURE_HOST = AgentSettings.defaults()
            .withProcRoot(Fixtures.path(Fixtures.HOST_A))
            .withCgroupRoot(Fixtures.path(Fixtures.CGROUP_A))
            .withTickInterval(Duration.ofMillis(100));

    private final MockProducer<String, ProcessSample> producer =
            new MockProducer<>(true, null, new StringSerializer(), AvroSerdeForTests.processSamples().serializer());

    @Test
    void aTickPublishesOneRecordPerProcessStampedWithTheTickTime() throws Exception {
        final Instant now = Instant.parse("2026-11-25T14:00:00.123456Z");
        try (HostAgent agent = agent(FIXTURE_HOST, Clock.fixed(now, ZoneOffset.UTC))) {
            assertThat(agent.tickOnce()).isEqualTo(6);
        }

        assertThat(producer.history()).hasSize(6)
                .allSatisfy(record -> assertThat(record.timestamp()).isEqualTo(now.toEpochMilli()))
                .allSatisfy(record -> assertThat(record.key()).startsWith("fixture-host-a/" + record.value().getPid() + "/"));
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void keepsTickingAfterFailedTicksAndCountsThem() {
        final AgentSettings noProc = FIXTURE_HOST.withProcRoot(Fixtures.path(Fixtures.HOST_A).resolve("no-such-proc")).withHostName("h");
        try (HostAgent agent = agent(noProc, Clock.systemUTC())) {
            assertThatThrownBy(agent::tickOnce).isInstanceOf(IOException.class);

            agent.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> agent.failedTicks() >= 3);
            assertThat(agent.ticks()).isEqualTo(agent.failedTicks());
        }
    }

    @Test
    void ticksAtTheIntervalUntilClosed() {
        final HostAgent agent = agent(FIXTURE_HOST, Clock.systemUTC());
        agent.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.ticks() >= 3);

        agent.close();
        final long ticksAtClose = agent.ticks();

        assertThat(agent.failedTicks()).isZero();
        assertThat(producer.history()).hasSize((int) ticksAtClose * 6);
        assertThat(producer.closed()).isTrue();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> agent.ticks() == ticksAtClose);
    }

    @Test
    void exposesItsCountersAsMeters() throws Exception {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (HostAgent agent = agent(FIXTURE_HOST, Clock.systemUTC())) {
            agent.bindTo(registry);
            agent.tickOnce();

            assertThat(registry.get("leakwatch.agent.ticks").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("leakwatch.agent.samples.sent").functionCounter().count()).isEqualTo(6);
            assertThat(registry.get("leakwatch.agent.processes.vanished").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("leakwatch.agent.read.errors").tags("file", "status", "kind", "malformed")
                    .functionCounter().count()).isEqualTo(1);
        }
    }

    private HostAgent agent(AgentSettings settings, Clock clock) {
        return new HostAgent(new ProcessSampler(settings), new SamplePublisher(producer, TestSamples.topic("samples")),
                settings.tickInterval(), clock);
    }
}
