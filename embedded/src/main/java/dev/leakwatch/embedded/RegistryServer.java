package dev.leakwatch.embedded;

/** A real Confluent-compatible schema registry for tests: Apicurio as a child process or in a container. */
public interface RegistryServer extends AutoCloseable {
    /** Base URL of the Confluent-compatible REST API (a Confluent client's schema.registry.url). */
    String url();

    @Override
    void close();
}
