package dev.leakwatch.embedded;

import java.util.Locale;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands tests a real Kafka broker ({@link KafkaServer}) and a real schema
 * registry ({@link RegistryServer}) as parameters. Each is started once per test JVM, on first use,
 * and stopped when the run ends.
 *
 * <p>The backend is chosen with {@value #BACKEND_PROPERTY}: {@code embedded} (the default: a KRaft
 * broker inside this JVM and Apicurio Registry as a child process, no Docker) or
 * {@code testcontainers} (both in Docker containers, where a Docker engine exists). Nothing is
 * skipped: a backend that cannot start fails the test with the reason. Tests that need the
 * in-JVM broker itself ask for {@link EmbeddedKafkaBroker} or {@link ApicurioRegistry}.
 */
public final class RealServers implements ParameterResolver {
    public static final String BACKEND_PROPERTY = "leakwatch.servers";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaServer.class || type == RegistryServer.class
                || type == EmbeddedKafkaBroker.class || type == ApicurioRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        ExtensionContext.Store store = extension.getRoot().getStore(NAMESPACE);
        Class<?> type = parameter.getParameter().getType();
        boolean containers = usesContainers();
        if (containers && (type == EmbeddedKafkaBroker.class || type == ApicurioRegistry.class)) {
            throw new ParameterResolutionException(type.getSimpleName() + " is the Docker-free server itself and is not"
                    + " available with " + BACKEND_PROPERTY + "=testcontainers; ask for "
                    + (type == EmbeddedKafkaBroker.class ? "KafkaServer" : "RegistryServer") + " instead");
        }
        if (type == KafkaServer.class || type == EmbeddedKafkaBroker.class) {
            return store.getOrComputeIfAbsent(KafkaServer.class,
                    k -> containers ? (KafkaServer) containerServer("kafka") : EmbeddedKafkaBroker.start(), KafkaServer.class);
        }
        return store.getOrComputeIfAbsent(RegistryServer.class,
                k -> containers ? (RegistryServer) containerServer("registry") : ApicurioRegistry.start(), RegistryServer.class);
    }

    static boolean usesContainers() {
        String backend = System.getProperty(BACKEND_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        return switch (backend) {
            case "embedded" -> false;
            case "testcontainers" -> true;
            default -> throw new ParameterResolutionException(BACKEND_PROPERTY + " must be embedded or testcontainers, got '"
                    + backend + "'");
        };
    }

    /** Loads the Testcontainers code only when selected, so the default needs none of it. */
    private static Object containerServer(String which) {
        try {
            return Class.forName("dev.leakwatch.embedded.containers.ContainerServers").getMethod(which).invoke(null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new ParameterResolutionException("cannot start the " + which + " container: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ParameterResolutionException("Testcontainers is not on the test classpath: " + e, e);
        }
    }
}
