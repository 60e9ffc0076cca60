package dev.leakwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.leakwatch.embedded.FreePorts;
import dev.leakwatch.schema.ProcessSample;

/**
 * Retry, failover, caching and headers, against a scripted HTTP server: a real registry cannot
 * be made to answer 503 on demand.
 */
class SchemaRegistryClientTest {
    private static final Schema SCHEMA = ProcessSample.getClassSchema();

    private record Answer(int status, String body) {
    }

    private record Received(String method, String path, Map<String, List<String>> headers, String body) {
    }

    private HttpServer server;
    private final Queue<Answer> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void retriesServerErrorsAndTooManyRequestsThenSucceeds() {
        script.add(new Answer(503, "{\"error_code\":50301,\"message\":\"busy\"}"));
        script.add(new Answer(429, "{\"error_code\":42901,\"message\":\"slow down\"}"));
        script.add(new Answer(200, "{\"id\":7}"));

        int id = client(url(), Map.of(SchemaRegistrySettings.RETRIES, "3")).register("orders-value", SCHEMA);

        assertThat(id).isEqualTo(7);
        assertThat(received).hasSize(3);
    }

    @Test
    void neverRetriesAClientError() {
        script.add(new Answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}"));

        assertThatThrownBy(() -> client(url(), Map.of()).register("orders-value", SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 422 (error_code 42201)")
                .hasMessageContaining("Invalid schema")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(42201));
        assertThat(received).hasSize(1);
    }

    @Test
    void givesUpAfterTheConfiguredRetriesNamingUrlAndAttempts() {
        for (int i = 0; i < 3; i++) {
            script.add(new Answer(500, "{\"error_code\":50001,\"message\":\"store down\"}"));
        }

        assertThatThrownBy(() -> client(url(), Map.of(SchemaRegistrySettings.RETRIES, "2")).schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("after 3 attempt(s)")
                .hasMessageContaining(url())
                .hasMessageContaining("HTTP 500");
        assertThat(received).hasSize(3);
    }

    @Test
    void triesTheUrlsInOrderUntilOneAnswers() {
        String dead = "http://127.0.0.1:" + FreePorts.pick();
        script.add(new Answer(200, "{\"id\":3}"));

        int id = client(dead + "," + url(), Map.of(SchemaRegistrySettings.RETRIES, "0")).lookup("orders-value", SCHEMA);

        assertThat(id).isEqualTo(3);
    }

    @Test
    void asksOncePerSchemaAndRemembersBothDirections() {
        script.add(new Answer(200, "{\"id\":5}"));
        SchemaRegistryClient client = client(url(), Map.of());

        assertThat(client.register("orders-value", SCHEMA)).isEqualTo(5);
        assertThat(client.register("orders-value", SCHEMA)).isEqualTo(5);
        assertThat(client.schemaById(5)).isEqualTo(SCHEMA);
        assertThat(received).hasSize(1);
    }

    @Test
    void fetchesAndParsesASchemaById() {
        script.add(new Answer(200, "{\"schema\":" + quoted(SCHEMA.toString()) + "}"));
        SchemaRegistryClient client = client(url(), Map.of());

        assertThat(client.schemaById(9)).isEqualTo(SCHEMA);
        assertThat(client.schemaById(9)).isEqualTo(SCHEMA);
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/apis/ccompat/v7/schemas/ids/9");
        });
    }

    @Test
    void sendsConfluentContentTypeBasicAuthAndTheSchemaText() {
        script.add(new Answer(200, "{\"id\":1}"));
        SchemaRegistryClient client = client(url(), Map.of(
                SchemaRegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SchemaRegistrySettings.BASIC_AUTH_USER_INFO, "leakwatch:s3cret"));

        client.register("orders-value", SCHEMA);

        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/apis/ccompat/v7/subjects/orders-value/versions");
        assertThat(request.headers().get("Content-type")).containsExactly("application/vnd.schemaregistry.v1+json");
        assertThat(request.headers().get("Authorization")).containsExactly(
                "Basic " + Base64.getEncoder().encodeToString("leakwatch:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.body()).isEqualTo("{\"schema\":" + quoted(SCHEMA.toString()) + "}");
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    private static SchemaRegistryClient client(String urls, Map<String, String> more) {
        Map<String, Object> configs = new HashMap<>(more);
        configs.put(SchemaRegistrySettings.URL, urls);
        return new SchemaRegistryClient(SchemaRegistrySettings.from(configs));
    }

    private static String quoted(String text) {
        return TextNode.valueOf(text).toString();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer = script.isEmpty() ? new Answer(500, "{\"message\":\"script exhausted\"}") : script.poll();
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
