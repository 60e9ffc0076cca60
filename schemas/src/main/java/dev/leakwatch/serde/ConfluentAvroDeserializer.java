package dev.leakwatch.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in Confluent's wire format: fetches the writer schema by the id in the record
 * and resolves it against {@code T}'s schema, so records written with an older or newer
 * compatible schema read fine (fields added since get their defaults).
 *
 * <p>Kafka clients do not configure deserializer instances handed to them: call
 * {@link #configure(Map, boolean)} first, or use {@link ConfluentAvroSerde#forValues}.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final Class<T> type;
    private final SpecificData model;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient registry;

    public ConfluentAvroDeserializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    /** @throws IllegalArgumentException when a schema registry setting is missing or invalid */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(new SchemaRegistryClient(SchemaRegistrySettings.from(configs)), isKey);
    }

    /** Keys and values read alike: the id in the record names the writer schema either way. */
    void configure(SchemaRegistryClient registry, boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Null stays null, so tombstones pass through. */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, data);
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = new SpecificDatumReader<>(writerSchema(topic, id), readerSchema, model);
            readers.put(id, reader);
        }
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(
                    data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot deserialize a record of topic " + topic + " written with schema id "
                    + id + " as " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private Schema writerSchema(String topic, int id) {
        SchemaRegistryClient registry = ConfluentAvroSerde.requireConfigured(this.registry, getClass());
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new SerializationException("cannot deserialize a record of topic " + topic + ": unknown schema id "
                        + id + ", the schema registry at " + registry.settings().describeUrls()
                        + " has no schema with that id (was the record written against another registry?); registry said: "
                        + e.getMessage(), e);
            }
            throw new SerializationException("cannot deserialize a record of topic " + topic + ": fetching writer schema id "
                    + id + " failed: " + e.getMessage(), e);
        }
    }
}
