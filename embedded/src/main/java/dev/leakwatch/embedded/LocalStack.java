package dev.leakwatch.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A laptop-sized leakwatch cluster: the embedded KRaft broker and Apicurio Registry, started side
 * by side (the registry boots in its own JVM while the broker formats and starts in this one).
 */
public final class LocalStack implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final ApicurioRegistry registry;

    private LocalStack(EmbeddedKafkaBroker broker, ApicurioRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    public static LocalStack start() {
        CompletableFuture<ApicurioRegistry> registry = CompletableFuture.supplyAsync(ApicurioRegistry::start);
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start();
        } catch (RuntimeException e) {
            registry.thenAccept(ApicurioRegistry::close);
            throw e;
        }
        try {
            return new LocalStack(broker, registry.join());
        } catch (CompletionException e) {
            broker.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public ApicurioRegistry registry() {
        return registry;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
