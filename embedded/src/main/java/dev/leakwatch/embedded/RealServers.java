package dev.leakwatch.embedded;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands tests a real Kafka broker and a real schema registry as parameters
 * of type {@link EmbeddedKafkaBroker} and {@link ApicurioRegistry}. Each is started once per test
 * JVM, on first use, and stopped when the whole run ends. Nothing is skipped: if a server cannot
 * start, the test fails with the reason.
 */
public final class RealServers implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafkaBroker.class || type == ApicurioRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        ExtensionContext.Store store = extension.getRoot().getStore(NAMESPACE);
        Class<?> type = parameter.getParameter().getType();
        if (type == EmbeddedKafkaBroker.class) {
            return store.getOrComputeIfAbsent(EmbeddedKafkaBroker.class, k -> EmbeddedKafkaBroker.start(), EmbeddedKafkaBroker.class);
        }
        return store.getOrComputeIfAbsent(ApicurioRegistry.class, k -> ApicurioRegistry.start(), ApicurioRegistry.class);
    }
}
