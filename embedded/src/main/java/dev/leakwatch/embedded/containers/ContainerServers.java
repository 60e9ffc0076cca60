package dev.leakwatch.embedded.containers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

import dev.leakwatch.embedded.KafkaServer;
import dev.leakwatch.embedded.RegistryCompatibility;
import dev.leakwatch.embedded.RegistryServer;

/**
 * The same servers in Docker containers, for machines with a Docker engine
 * ({@code -Dleakwatch.servers=testcontainers}). Loaded only when selected, so the Docker-free
 * default never touches Testcontainers.
 */
public final class ContainerServers {
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    public static final String REGISTRY_IMAGE = "apicurio/apicurio-registry-mem:2.6.13.Final";

    private ContainerServers() {
    }

    /** Fails with the reason when no Docker engine answers: a selected backend is never skipped. */
    public static void requireDocker() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("leakwatch.servers=testcontainers was selected but no Docker engine is reachable;"
                    + " run without it to use the in-JVM broker and the Apicurio child process");
        }
    }

    public static KafkaServer kafka() {
        requireDocker();
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        return new ContainerKafka(container);
    }

    public static RegistryServer registry() {
        requireDocker();
        GenericContainer<?> container = new GenericContainer<>(REGISTRY_IMAGE)
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        container.start();
        return new ContainerRegistry(container);
    }

    private record ContainerKafka(KafkaContainer container) implements KafkaServer {
        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        /** Pausing keeps data and address, as a broker outage would. */
        @Override
        public void stop() {
            container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void restart() {
            container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public boolean isRunning() {
            return Boolean.FALSE.equals(container.getCurrentContainerInfo().getState().getPaused()) && container.isRunning();
        }

        @Override
        public void createTopic(String name, int partitions) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    private record ContainerRegistry(GenericContainer<?> container) implements RegistryServer {
        ContainerRegistry {
            RegistryCompatibility.setBackward("http://" + container.getHost() + ":" + container.getMappedPort(8080) + "/apis/ccompat/v7");
        }

        @Override
        public String url() {
            return "http://" + container.getHost() + ":" + container.getMappedPort(8080) + "/apis/ccompat/v7";
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
