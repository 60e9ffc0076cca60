package dev.leakwatch.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceResolverTest {

    @Test
    void theDefaultsTakeDeploymentVariablesThenTheSystemdUnitThenTheExecutable() {
        final ServiceResolver defaults = new ServiceResolver(ServiceRules.defaults());

        assertThat(defaults.resolve(process().env("OTEL_SERVICE_NAME", "checkout").env("SERVICE_VERSION", "4.2.0")))
                .isEqualTo(new ServiceResolver.Identity("checkout", "4.2.0"));
        assertThat(defaults.resolve(process().unit("nginx").buildId("3f2a9c0e1d4b5a6978877665")))
                .isEqualTo(new ServiceResolver.Identity("nginx", "buildid:3f2a9c0e1d4b"));
        assertThat(defaults.resolve(process().modified(1_767_225_600_123L)))
                .isEqualTo(new ServiceResolver.Identity(null, "mtime:2026-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # rule                                           | service
            cmdline:-jar /opt/(?<service>[a-z]+)/             | chat
            cmdline:/opt/([a-z]+)/                           | chat
            cmdline:chat\\.jar                                | chat.jar
            comm:^(ja)va$                                    | ja
            comm                                             | java
            cgroup:/kubepods/.*/(?<service>[a-z-]+)-[0-9]+   | chat-api
            """)
    void takesTheNamedGroupElseTheFirstGroupElseTheWholeMatch(String rule, String service) {
        final ServiceResolver resolver = new ServiceResolver(new ServiceRules(List.of(rule), List.of()));

        assertThat(resolver.resolve(process().cgroup("/kubepods/burstable/pod1/chat-api-7")).service()).isEqualTo(service);
    }

    @Test
    void takesTheVersionGroupFromTheCommandLine() {
        final ServiceResolver resolver = new ServiceResolver(new ServiceRules(List.of(), List.of("cmdline:chat-(?<version>[0-9.]+)\\.jar")));

        assertThat(resolver.resolve(process().cmdline("java -jar /opt/chat/chat-2.3.1.jar")).version()).isEqualTo("2.3.1");
    }

    @Test
    void readsTheEnvironmentAndTheExecutableOnlyWhenARuleAsksForThem() {
        final FakeProcess process = process().unit("nginx");

        new ServiceResolver(new ServiceRules(List.of("systemd-unit", "env:SERVICE_NAME"), List.of("exe-build-id"))).resolve(process);

        assertThat(process.asked).containsExactly("systemd", "build-id");
    }

    @Test
    void noRulesLeaveBothUnknown() {
        final ServiceResolver none = new ServiceResolver(ServiceRules.none());

        assertThat(none.hasRules()).isFalse();
        assertThat(none.resolve(process().env("SERVICE_NAME", "x"))).isEqualTo(new ServiceResolver.Identity(null, null));
    }

    @Test
    void cutsOverlongValues() {
        final ServiceResolver resolver = new ServiceResolver(new ServiceRules(List.of("env:SERVICE_NAME"), List.of()));

        assertThat(resolver.resolve(process().env("SERVICE_NAME", "x".repeat(500))).service()).hasSize(ServiceRule.MAX_VALUE_CHARS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # rule              | target  | message
            env                 | service | needs a variable name
            env:                | version | needs a variable name
            cmdline:(           | service | not a valid regular expression
            systemd-unit        | version | is not a version rule
            exe-build-id        | service | is not a service rule
            comm                | version | is not a version rule
            hostname            | service | is not a service rule
            """)
    void rejectsRulesWithAMessageThatSaysWhatWouldWork(String rule, String target, String message) {
        final ServiceRules rules = ServiceRules.none();

        assertThatThrownBy(() -> {
            if (target.equals("service")) {
                rules.withService(List.of(rule));
            } else {
                rules.withVersion(List.of(rule));
            }
        })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--" + target + "-rule")
                .hasMessageContaining(message);
    }

    private static FakeProcess process() {
        return new FakeProcess();
    }

    /** Test double for what the sampler reads of a process; it records which costly facts were asked for. */
    private static final class FakeProcess implements ProcessFacts {
        final List<String> asked = new ArrayList<>();
        private final Map<String, String> env = new java.util.HashMap<>();
        private String cmdline = "java -jar /opt/chat/chat.jar";
        private String cgroup;
        private String unit;
        private String buildId;
        private Long modified;

        FakeProcess env(String name, String value) {
            env.put(name, value);
            return this;
        }

        FakeProcess cmdline(String value) {
            cmdline = value;
            return this;
        }

        FakeProcess cgroup(String value) {
            cgroup = value;
            return this;
        }

        FakeProcess unit(String value) {
            unit = value;
            return this;
        }

        FakeProcess buildId(String value) {
            buildId = value;
            return this;
        }

        FakeProcess modified(long millis) {
            modified = millis;
            return this;
        }

        @Override
        public String comm() {
            return "java";
        }

        @Override
        public String cmdline() {
            return cmdline;
        }

        @Override
        public Optional<String> cgroupPath() {
            return Optional.ofNullable(cgroup);
        }

        @Override
        public Optional<String> systemdService() {
            asked.add("systemd");
            return Optional.ofNullable(unit);
        }

        @Override
        public Optional<String> environmentVariable(String name) {
            asked.add("env");
            return Optional.ofNullable(env.get(name));
        }

        @Override
        public Optional<String> executableBuildId() {
            asked.add("build-id");
            return Optional.ofNullable(buildId);
        }

        @Override
        public Optional<Long> executableModifiedMillis() {
            asked.add("mtime");
            return Optional.ofNullable(modified);
        }
    }
}
