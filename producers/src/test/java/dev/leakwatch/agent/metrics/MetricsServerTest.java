package dev.leakwatch.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void servesTheRegistryInThePrometheusTextFormat() throws Exception {
        Counter.builder("leakwatch.agent.ticks").register(registry).increment(3);
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry, () -> true)) {
            final HttpResponse<String> response = get(server, "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body()).contains("# TYPE leakwatch_agent_ticks_total counter", "leakwatch_agent_ticks_total 3.0");
        }
    }

    @Test
    void answersTheHealthProbeFromTheAgentsState() throws Exception {
        final AtomicBoolean healthy = new AtomicBoolean(true);
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry, healthy::get)) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            healthy.set(false);
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(503);
            assertThat(get(server, "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void refusesAnAddressInUseWithAMessageThatNamesTheFlag() {
        try (MetricsServer first = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry, () -> true)) {
            assertThatThrownBy(() -> MetricsServer.start(first.address(), registry, () -> true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.address().getPort())
                    .hasMessageContaining("--metrics-address");
        }
    }

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        final URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
