package dev.leakwatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.testcontainers.DockerClientFactory;

import dev.leakwatch.embedded.containers.ContainerServers;

class BackendSelectionTest {
    private final String before = System.getProperty(RealServers.BACKEND_PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(RealServers.BACKEND_PROPERTY);
        } else {
            System.setProperty(RealServers.BACKEND_PROPERTY, before);
        }
    }

    @Test
    void theDockerFreeBackendIsTheDefault() {
        System.clearProperty(RealServers.BACKEND_PROPERTY);
        assertThat(RealServers.usesContainers()).isFalse();
        System.setProperty(RealServers.BACKEND_PROPERTY, "Testcontainers");
        assertThat(RealServers.usesContainers()).isTrue();
    }

    @Test
    void anUnknownBackendIsAnErrorNotASkip() {
        System.setProperty(RealServers.BACKEND_PROPERTY, "docker-compose");
        assertThatThrownBy(RealServers::usesContainers).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("must be embedded or testcontainers, got 'docker-compose'");
    }

    @Test
    void selectingContainersWithoutDockerFailsWithTheReason() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            ContainerServers.requireDocker(); // must not throw where an engine answers
        } else {
            assertThatThrownBy(ContainerServers::requireDocker).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no Docker engine is reachable");
        }
    }
}
