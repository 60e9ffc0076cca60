package dev.leakwatch.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in Confluent's wire format, registering (or, with
 * {@code auto.register.schemas=false}, only looking up) the record's schema under
 * {@code <topic>-value} or {@code <topic>-key}. The bytes are the ones Confluent's
 * KafkaAvroSerializer writes for the same record and registry.
 *
 * <p>Kafka clients do not configure serializer instances handed to them: call
 * {@link #configure(Map, boolean)} first, or use {@link ConfluentAvroSerde#forValues}.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final Class<T> type;
    private final SpecificData model;
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient registry;
    private volatile boolean isKey;

    public ConfluentAvroSerializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        // The generated class's own model carries its logical-type conversions (Instant <-> millis).
        this.model = SpecificData.getForClass(type);
    }

    /** @throws IllegalArgumentException when a schema registry setting is missing or invalid */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(new SchemaRegistryClient(SchemaRegistrySettings.from(configs)), isKey);
    }

    void configure(SchemaRegistryClient registry, boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
    }

    /** Null stays null, so tombstones pass through. */
    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(WireFormat.header(id));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, model)).write(data, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize a " + type.getSimpleName() + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    private int schemaId(String topic, Schema schema) {
        SchemaRegistryClient registry = ConfluentAvroSerde.requireConfigured(this.registry, getClass());
        String subject = WireFormat.subject(topic, isKey);
        boolean autoRegister = registry.settings().autoRegisterSchemas();
        try {
            return autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            if (!autoRegister && e.isNotFound()) {
                throw new SerializationException("cannot serialize a " + type.getSimpleName() + " for topic " + topic
                        + ": schema " + schema.getFullName() + " is not registered under subject " + subject
                        + " in the schema registry at " + registry.settings().describeUrls() + ", and "
                        + SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS + "=false; register it first (POST /subjects/"
                        + subject + "/versions) or set " + SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS + "=true"
                        + " (registry said: " + e.getMessage() + ")", e);
            }
            throw new SerializationException("cannot serialize a " + type.getSimpleName() + " for topic " + topic
                    + ": " + (autoRegister ? "registering" : "looking up") + " schema " + schema.getFullName()
                    + " under subject " + subject + " failed: " + e.getMessage(), e);
        }
    }
}
