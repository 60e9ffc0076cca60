package dev.leakwatch.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {
    @TempDir
    Path dir;

    @Test
    void flagsBeatEnvironmentBeatsFileBeatsDefaults() throws Exception {
        Path file = dir.resolve("leakwatch.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nsecurity.protocol=SASL_SSL\nschema.registry.url=http://file\nlinger.ms=5\n");
        Map<String, String> defaults = Map.of("linger.ms", "20", "acks", "all", "client.id", "default");
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "LEAKWATCH_SCHEMA_REGISTRY_URL", "http://env",
                "PATH", "/usr/bin");
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap.servers", "flag:9092");
        flags.put("client.id", null);

        LayeredConfig config = LayeredConfig.resolve(defaults, file, env, flags);

        assertThat(config.get("bootstrap.servers")).isEqualTo("flag:9092");
        assertThat(config.get("schema.registry.url")).isEqualTo("http://env");
        assertThat(config.get("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.get("linger.ms")).isEqualTo("5");
        assertThat(config.get("acks")).isEqualTo("all");
        assertThat(config.get("client.id")).as("a flag that was not given leaves lower layers alone").isEqualTo("default");
        assertThat(config.get("path")).isNull();
    }

    @Test
    void splitsKafkaClientSettingsFromSchemaRegistrySettings() {
        LayeredConfig config = LayeredConfig.resolve(Map.of(), null, Map.of(), Map.of(
                "bootstrap.servers", "b:9092", "sasl.mechanism", "PLAIN", "schema.registry.url", "http://r",
                "basic.auth.user.info", "u:p", "auto.register.schemas", "false", "leakwatch.internal", "x"));
        assertThat(config.kafkaClientConfig()).containsOnlyKeys("bootstrap.servers", "sasl.mechanism");
        assertThat(config.serdeConfig()).containsOnlyKeys("schema.registry.url", "basic.auth.user.info", "auto.register.schemas");
    }

    @Test
    void environmentVariablesBecomeDottedLowerCaseKeys() {
        assertThat(LayeredConfig.fromEnvironment(Map.of("KAFKA_SASL_JAAS_CONFIG", "j", "LEAKWATCH_AUTO_REGISTER_SCHEMAS", "false",
                "KAFKA_", "ignored", "HOME", "/root")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("sasl.jaas.config", "j", "auto.register.schemas", "false"));
    }

    @Test
    void aMissingFileOrSettingIsAClearError() {
        assertThatThrownBy(() -> LayeredConfig.resolve(Map.of(), dir.resolve("nope.properties"), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.properties does not exist");
        LayeredConfig empty = LayeredConfig.resolve(Map.of(), null, Map.of(), Map.of());
        assertThatThrownBy(() -> empty.require("bootstrap.servers", "pass --bootstrap-servers"))
                .hasMessage("missing bootstrap.servers: pass --bootstrap-servers");
    }
}
