package dev.leakwatch.embedded;

/** A real Kafka broker for tests: in this JVM ({@link EmbeddedKafkaBroker}) or in a container. */
public interface KafkaServer extends AutoCloseable {
    String bootstrapServers();

    /** Takes the broker off the network but keeps its data, as an outage would. */
    void stop();

    /** Brings the same broker back on the same address. */
    void restart();

    boolean isRunning();

    void createTopic(String name, int partitions);

    @Override
    void close();
}
