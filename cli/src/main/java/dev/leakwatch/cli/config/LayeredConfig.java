package dev.leakwatch.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * leakwatch's configuration, layered from weakest to strongest: built-in defaults, a properties
 * file, the environment, then command-line flags. In the environment {@code KAFKA_*} variables pass
 * straight to the Kafka clients ({@code KAFKA_SASL_MECHANISM} becomes {@code sasl.mechanism}) and
 * {@code LEAKWATCH_*} variables set leakwatch's own keys ({@code LEAKWATCH_SCHEMA_REGISTRY_URL}
 * becomes {@code schema.registry.url}).
 */
public final class LayeredConfig {
    private final Map<String, String> values = new TreeMap<>();

    private LayeredConfig() {
    }

    public static LayeredConfig resolve(Map<String, String> defaults, Path propertiesFile, Map<String, String> environment,
                                        Map<String, String> flags) {
        LayeredConfig config = new LayeredConfig();
        config.values.putAll(defaults);
        if (propertiesFile != null) {
            config.values.putAll(readProperties(propertiesFile));
        }
        config.values.putAll(fromEnvironment(environment));
        flags.forEach((key, value) -> {
            if (value != null) {
                config.values.put(key, value);
            }
        });
        return config;
    }

    /** {@code KAFKA_FOO_BAR} and {@code LEAKWATCH_FOO_BAR} both become {@code foo.bar}; other variables are ignored. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> keys = new TreeMap<>();
        environment.forEach((name, value) -> {
            for (String prefix : new String[] {"KAFKA_", "LEAKWATCH_"}) {
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    keys.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
                }
            }
        });
        return keys;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).trim()));
        return map;
    }

    public String get(String key) {
        return values.get(key);
    }

    public String require(String key, String howToSet) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + key + ": " + howToSet);
        }
        return value;
    }

    /** Everything but leakwatch's own and the schema registry's keys: what the Kafka clients get. */
    public Map<String, Object> kafkaClientConfig() {
        Map<String, Object> kafka = new TreeMap<>();
        values.forEach((key, value) -> {
            if (!isSerdeKey(key) && !key.startsWith("leakwatch.")) {
                kafka.put(key, value);
            }
        });
        return kafka;
    }

    /** The schema registry client's keys, as Confluent's serializer would take them. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = new TreeMap<>();
        values.forEach((key, value) -> {
            if (isSerdeKey(key)) {
                serde.put(key, value);
            }
        });
        return serde;
    }

    private static boolean isSerdeKey(String key) {
        return key.startsWith("schema.registry.") || key.startsWith("basic.auth.") || key.equals("auto.register.schemas");
    }
}
