package dev.leakwatch.serde;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for Avro records in Confluent's wire format, a drop-in for Confluent's
 * SpecificAvroSerde: same configuration keys, same bytes. Its serializer and deserializer share
 * one registry client, so they share its caches.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    public ConfluentAvroSerde(Class<T> type) {
        this.serializer = new ConfluentAvroSerializer<>(type);
        this.deserializer = new ConfluentAvroDeserializer<>(type);
    }

    /**
     * A serde for record values, configured from a Kafka client's configs.
     *
     * @throws IllegalArgumentException when a schema registry setting is missing or invalid
     */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forValues(Class<T> type, Map<String, ?> configs) {
        ConfluentAvroSerde<T> serde = new ConfluentAvroSerde<>(type);
        serde.configure(configs, false);
        return serde;
    }

    /** @throws IllegalArgumentException when a schema registry setting is missing or invalid */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistrySettings.from(configs));
        serializer.configure(registry, isKey);
        deserializer.configure(registry, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /** Fails clearly when a serializer or deserializer is used before being configured. */
    static SchemaRegistryClient requireConfigured(SchemaRegistryClient registry, Class<?> owner) {
        if (registry == null) {
            throw new IllegalStateException(owner.getSimpleName() + " is not configured: call configure(configs, isKey)"
                    + " with " + SchemaRegistrySettings.URL + " first (Kafka does not configure serde instances it is"
                    + " handed), or build it with ConfluentAvroSerde.forValues(type, configs)");
        }
        return registry;
    }
}
