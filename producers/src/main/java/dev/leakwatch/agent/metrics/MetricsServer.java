package dev.leakwatch.agent.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The agent's HTTP endpoint, on the JDK's own server (one thread, no framework): {@code /metrics}
 * in the Prometheus text format and {@code /healthz} for liveness probes (200 while ticks succeed,
 * 503 otherwise).
 */
public final class MetricsServer implements AutoCloseable {
    /** 9464 is the OpenTelemetry Prometheus exporter's default and 9256 process-exporter's; this one is free of both. */
    public static final int DEFAULT_PORT = 9469;

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code address} (port 0 picks a free one).
     *
     * @throws IllegalArgumentException when the address is taken or cannot be bound, naming it
     */
    public static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier healthy) {
        final HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (BindException e) {
            throw new IllegalArgumentException("cannot listen on " + describe(address) + " for /metrics: " + e.getMessage()
                    + "; choose another address with --metrics-address, or 'off'", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + describe(address) + " for /metrics: " + e, e);
        }
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!isGetOrHead(exchange)) {
                    respond(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
                    return;
                }
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            }
        });
        server.createContext("/healthz", exchange -> {
            try (exchange) {
                final boolean ok = healthy.getAsBoolean();
                respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "ticks are failing\n");
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                respond(exchange, 404, "text/plain; charset=utf-8", "leakwatch agent: see /metrics and /healthz\n");
            }
        });
        final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "leakwatch-agent-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    /** The address actually bound (with the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static boolean isGetOrHead(HttpExchange exchange) {
        final String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        return method.equals("GET") || method.equals("HEAD");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        final boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
