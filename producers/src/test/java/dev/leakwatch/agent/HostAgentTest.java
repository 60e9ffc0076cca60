package dev.leakwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.leakwatch.agent.procfs.Fixtures;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.agent.metrics.MetricsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class HostAgentTest {
    private static final AgentSettings FIXTURE_HOST = AgentSettings.defaults()
            .withProcRoot(Fixtures.path(Fixtures.HOST_A))
            .withCgroupRoot(Fixtures.path(Fixtures.CGROUP_A))
            .withTickInterval(Duration.ofMillis(100));

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void aTickPublishesOneRecordPerProcessStampedWithTheTickTime() throws Exception {
        final Instant now = Instant.parse("2026-11-25T14:00:00.123456Z");
        try (HostAgent agent = agent(FIXTURE_HOST, Clock.fixed(now, ZoneOffset.UTC))) {
            assertThat(agent.tickOnce()).isEqualTo(6);
        }

        assertThat(producer.history()).hasSize(6)
                .allSatisfy(record -> assertThat(record.timestamp()).isEqualTo(now.toEpochMilli()))
                .allSatisfy(record -> assertThat(record.key()).startsWith("fixture-host-a/" + pidOf(record.value()) + "/"));
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
        assertThat(agent.samplesSent()).isEqualTo(ticksAtClose * 6);
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
            await().atMost(Duration.ofSeconds(5)).until(() -> agent.samplesSent() == 6);
            assertThat(registry.get("leakwatch.agent.samples.sent").functionCounter().count()).isEqualTo(6);
            assertThat(registry.get("leakwatch.agent.samples.published").functionCounter().count()).isEqualTo(6);
            assertThat(registry.get("leakwatch.agent.processes").tag("stage", "sampled").gauge().value()).isEqualTo(6);
            assertThat(registry.get("leakwatch.agent.tick.duration").timer().count()).isEqualTo(1);
            assertThat(registry.get("leakwatch.agent.processes.vanished").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("leakwatch.agent.read.errors").tags("file", "status", "kind", "malformed")
                    .functionCounter().count()).isEqualTo(1);
        }
    }

    @Test
    void isHealthyWhileTicksSucceedAndUnhealthyOnceTheyKeepFailing() throws Exception {
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T14:00:00Z"));
        final AgentSettings noProc = FIXTURE_HOST.withProcRoot(Fixtures.path(Fixtures.HOST_A).resolve("no-such-proc")).withHostName("h");
        try (HostAgent healthy = agent(FIXTURE_HOST, clock); HostAgent failing = agent(noProc, clock)) {
            healthy.tickOnce();
            assertThatThrownBy(failing::tickOnce).isInstanceOf(IOException.class);
            assertThat(healthy.isHealthy()).isTrue();
            assertThat(failing.isHealthy()).as("within the grace of three intervals after start").isTrue();

            clock.advance(Duration.ofSeconds(2));
            healthy.tickOnce();

            assertThat(healthy.isHealthy()).isTrue();
            assertThat(failing.isHealthy()).isFalse();
        }
    }

    @Test
    void exposesItsCountersOnThePrometheusEndpoint() throws Exception {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HostAgent agent = agent(FIXTURE_HOST, Clock.systemUTC());
             MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry, agent::isHealthy)) {
            agent.bindTo(registry);
            agent.tickOnce();
            await().atMost(Duration.ofSeconds(5)).until(() -> agent.samplesSent() == 6);

            final HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.body()).contains(
                    "leakwatch_agent_ticks_total 1.0",
                    "leakwatch_agent_samples_published_total 6.0",
                    "leakwatch_agent_samples_sent_total 6.0",
                    "leakwatch_agent_samples_dropped_total 0.0",
                    "leakwatch_agent_buffer_bytes 0.0",
                    "leakwatch_agent_processes{stage=\"sampled\"} 6.0",
                    "leakwatch_agent_processes_vanished_total 2.0",
                    "leakwatch_agent_read_errors_total{file=\"status\",kind=\"malformed\"} 1.0",
                    "leakwatch_agent_host_sockets{protocol=\"tcp\",state=\"time_wait\"} 0.0",
                    "leakwatch_agent_tick_duration_seconds_count 1",
                    "leakwatch_agent_tick_cpu_seconds_total");
        }
    }

    @Test
    void summarisesItsCountersInOneLogLine() throws Exception {
        try (HostAgent agent = agent(FIXTURE_HOST, Clock.systemUTC())) {
            agent.tickOnce();

            assertThat(agent.summary()).contains("ticks=1", "processes=10", "sampled=6", "samples_published=6", "dropped=0",
                    "buffered_bytes=", "last_tick_cpu_ms=", "vanished=2");
        }
    }

    private HostAgent agent(AgentSettings settings, Clock clock) {
        return new HostAgent(new ProcessSampler(settings), new SamplePublisher(producer, TestSamples.topic("samples"),
                settings.bufferBytes(), SamplePublisher.WINDOW_BYTES), settings.tickInterval(), clock);
    }

    private static int pidOf(byte[] value) {
        return AvroSerdeForTests.processSamples().deserializer().deserialize("samples", value).getPid();
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
