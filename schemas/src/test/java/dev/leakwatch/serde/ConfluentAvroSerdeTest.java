package dev.leakwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.leakwatch.embedded.RegistryServer;
import dev.leakwatch.embedded.FreePorts;
import dev.leakwatch.embedded.RealServers;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.TestRecords;

/** The serde against a real registry (Apicurio's Confluent-compatible API). */
@ExtendWith(RealServers.class)
class ConfluentAvroSerdeTest {

    @Test
    void roundTripsASampleThroughTheRealRegistry(RegistryServer registry) {
        ConfluentAvroSerde<ProcessSample> serde = valueSerde(registry.url());
        String topic = uniqueTopic("round-trip");
        ProcessSample sample = TestRecords.fullSample();

        byte[] bytes = serde.serializer().serialize(topic, sample);

        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(sample);
        assertThat(serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, TestRecords.minimalSample())))
                .isEqualTo(TestRecords.minimalSample());
    }

    @Test
    void framesRecordsWithMagicByteZeroAndTheIdTheRegistryHoldsForTheValueSubject(RegistryServer registry) throws Exception {
        String topic = uniqueTopic("framing");

        byte[] bytes = valueSerde(registry.url()).serializer().serialize(topic, TestRecords.fullSample());

        int idInRegistry = RegistryRest.latestId(registry.url(), topic + "-value");
        assertThat(bytes[0]).isEqualTo((byte) 0x00);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(idInRegistry);
    }

    @Test
    void keysAreRegisteredUnderTheKeySubject(RegistryServer registry) throws Exception {
        ConfluentAvroSerde<ProcessSample> keySerde = new ConfluentAvroSerde<>(ProcessSample.class);
        keySerde.configure(Map.of(SchemaRegistrySettings.URL, registry.url()), true);
        String topic = uniqueTopic("keys");

        byte[] bytes = keySerde.serializer().serialize(topic, TestRecords.fullSample());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(RegistryRest.latestId(registry.url(), topic + "-key"));
        assertThat(keySerde.deserializer().deserialize(topic, bytes)).isEqualTo(TestRecords.fullSample());
    }

    @Test
    void theSameSchemaGetsTheSameIdUnderEveryTopicAsWithConfluent(RegistryServer registry) {
        // Confluent ids name schema content; Apicurio's ccompat API does the same (content id, not
        // global id) unless its legacy id mode is on. Identical bytes for Confluent's clients rely on it.
        ConfluentAvroSerde<ProcessSample> serde = valueSerde(registry.url());

        byte[] first = serde.serializer().serialize(uniqueTopic("same-id-a"), TestRecords.fullSample());
        byte[] second = serde.serializer().serialize(uniqueTopic("same-id-b"), TestRecords.fullSample());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void writesPlainAvroBinaryAfterTheFiveByteHeader(RegistryServer registry) throws Exception {
        ProcessSample sample = TestRecords.fullSample();
        byte[] bytes = valueSerde(registry.url()).serializer().serialize(uniqueTopic("plain-avro"), sample);

        SpecificDatumReader<ProcessSample> plainAvro = new SpecificDatumReader<>(ProcessSample.class);
        ProcessSample read = plainAvro.read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));

        assertThat(read).isEqualTo(sample);
    }

    @Test
    void passesNullThroughBothWaysForTombstones(RegistryServer registry) {
        ConfluentAvroSerde<ProcessSample> serde = valueSerde(registry.url());

        assertThat(serde.serializer().serialize("any", null)).isNull();
        assertThat(serde.deserializer().deserialize("any", null)).isNull();
    }

    @Test
    void unknownSchemaIdFailsNamingTheIdAndTheRegistry(RegistryServer registry) {
        byte[] bytes = ByteBuffer.allocate(8).put((byte) 0).putInt(987_654).put(new byte[] {2, 4, 6}).array();

        assertThatThrownBy(() -> valueSerde(registry.url()).deserializer().deserialize("orders", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic orders")
                .hasMessageContaining("unknown schema id 987654")
                .hasMessageContaining(registry.url())
                .hasMessageContaining("40403");
    }

    @Test
    void wrongMagicByteFailsSayingWhatByteWasFound(RegistryServer registry) {
        byte[] json = "{\"host\":\"web-17\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> valueSerde(registry.url()).deserializer().deserialize("orders", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic orders")
                .hasMessageContaining("magic byte 0x7b")
                .hasMessageContaining("Confluent wire format starts with 0x00");
    }

    @Test
    void payloadShorterThanTheHeaderFailsClearly(RegistryServer registry) {
        assertThatThrownBy(() -> valueSerde(registry.url()).deserializer().deserialize("orders", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic orders")
                .hasMessageContaining("3 byte(s) are too short");
    }

    @Test
    void unreachableRegistryFailsNamingTheUrlAndAttempts() {
        String deadUrl = "http://127.0.0.1:" + FreePorts.pick() + "/apis/ccompat/v7";
        ConfluentAvroSerde<ProcessSample> serde = ConfluentAvroSerde.forValues(ProcessSample.class, Map.of(
                SchemaRegistrySettings.URL, deadUrl,
                SchemaRegistrySettings.RETRIES, "1",
                SchemaRegistrySettings.REQUEST_TIMEOUT_MS, "2000"));

        assertThatThrownBy(() -> serde.serializer().serialize("orders", TestRecords.fullSample()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic orders")
                .hasMessageContaining("schema registry unreachable")
                .hasMessageContaining(deadUrl)
                .hasMessageContaining("after 2 attempt(s)")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaFailsClearly(RegistryServer registry) {
        String topic = uniqueTopic("prod-unknown");
        ConfluentAvroSerde<ProcessSample> serde = ConfluentAvroSerde.forValues(ProcessSample.class, Map.of(
                SchemaRegistrySettings.URL, registry.url(),
                SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS, "false"));

        assertThatThrownBy(() -> serde.serializer().serialize(topic, TestRecords.fullSample()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema dev.leakwatch.schema.ProcessSample is not registered under subject " + topic + "-value")
                .hasMessageContaining("auto.register.schemas=false")
                .hasMessageContaining(registry.url());
    }

    @Test
    void withoutAutoRegistrationASchemaRegisteredEarlierIsUsed(RegistryServer registry) throws Exception {
        String topic = uniqueTopic("prod-known");
        int id = RegistryRest.register(registry.url(), topic + "-value", ProcessSample.getClassSchema().toString());
        ConfluentAvroSerde<ProcessSample> serde = ConfluentAvroSerde.forValues(ProcessSample.class, Map.of(
                SchemaRegistrySettings.URL, registry.url(),
                SchemaRegistrySettings.AUTO_REGISTER_SCHEMAS, false));

        byte[] bytes = serde.serializer().serialize(topic, TestRecords.fullSample());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(TestRecords.fullSample());
    }

    @Test
    void readsRecordsWrittenWithAnOlderSchemaThatLackedAField(RegistryServer registry) throws Exception {
        String topic = uniqueTopic("evolution");
        Schema older = withoutField(ProcessSample.getClassSchema(), "container_id");
        int olderId = RegistryRest.register(registry.url(), topic + "-value", older.toString());
        byte[] olderBytes = frame(olderId, olderRecord(older));
        ConfluentAvroSerde<ProcessSample> serde = valueSerde(registry.url());

        ProcessSample read = serde.deserializer().deserialize(topic, olderBytes);

        ProcessSample expected = ProcessSample.newBuilder(TestRecords.fullSample()).setContainerId(null).build();
        assertThat(read).isEqualTo(expected);
        // The registry enforces BACKWARD: the current schema, which adds a field with a default, is accepted.
        byte[] newerBytes = serde.serializer().serialize(topic, TestRecords.fullSample());
        assertThat(ByteBuffer.wrap(newerBytes, 1, 4).getInt()).isNotEqualTo(olderId);
    }

    @Test
    void readsIncidentsWrittenBeforeExhaustsExistedAndTheRegistryAcceptsTheNewField(RegistryServer registry) throws Exception {
        String topic = uniqueTopic("incident-evolution");
        Schema older = withoutField(LeakIncident.getClassSchema(), "exhausts");
        int olderId = RegistryRest.register(registry.url(), topic + "-value", older.toString());
        // the design doc's incident as a producer built before the field wrote it
        GenericRecord olderRecord = new GenericDatumReader<GenericRecord>(LeakIncident.getClassSchema(), older)
                .read(null, DecoderFactory.get().binaryDecoder(specificBytes(TestRecords.openedIncident()), null));
        ConfluentAvroSerde<LeakIncident> serde = ConfluentAvroSerde.forValues(LeakIncident.class, Map.of(SchemaRegistrySettings.URL, registry.url()));

        LeakIncident read = serde.deserializer().deserialize(topic, frame(olderId, olderRecord));

        assertThat(read).isEqualTo(TestRecords.openedIncident());
        assertThat(read.getExhausts()).isNull();
        // BACKWARD: the schema that adds exhausts with a default is accepted as the subject's next version
        LeakIncident threads = LeakIncident.newBuilder(TestRecords.openedIncident()).setResource(Resource.THREADS)
                .setRelatedResources(List.of(Resource.MEMORY_RSS)).setExhausts(Resource.MEMORY_RSS).build();
        byte[] newerBytes = serde.serializer().serialize(topic, threads);
        assertThat(ByteBuffer.wrap(newerBytes, 1, 4).getInt()).isNotEqualTo(olderId);
        assertThat(serde.deserializer().deserialize(topic, newerBytes).getExhausts()).isEqualTo(Resource.MEMORY_RSS);
    }

    @Test
    void unconfiguredSerializerFailsSayingHowToConfigureIt() {
        ConfluentAvroSerializer<ProcessSample> serializer = new ConfluentAvroSerializer<>(ProcessSample.class);

        assertThatThrownBy(() -> serializer.serialize("orders", TestRecords.fullSample()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured")
                .hasMessageContaining("schema.registry.url");
    }

    private static ConfluentAvroSerde<ProcessSample> valueSerde(String url) {
        return ConfluentAvroSerde.forValues(ProcessSample.class, Map.of(SchemaRegistrySettings.URL, url));
    }

    /** The registry lives for the whole test JVM, so every test writes to subjects of its own. */
    private static String uniqueTopic(String name) {
        return "test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(field -> !field.name().equals(dropped))
                .map(field -> new Schema.Field(field, field.schema()))
                .collect(Collectors.toList());
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    /** The full sample as an older producer would have built it, without logical-type classes. */
    private static GenericRecord olderRecord(Schema older) {
        ProcessSample sample = TestRecords.fullSample();
        GenericRecord record = new GenericData.Record(older);
        for (Schema.Field field : older.getFields()) {
            Object value = sample.get(field.name());
            if (value instanceof Instant instant) {
                value = instant.toEpochMilli();
            } else if (field.name().equals("tcp")) {
                value = tcpAsGeneric(sample, field.schema().getTypes().get(1));
            }
            record.put(field.name(), value);
        }
        return record;
    }

    private static GenericRecord tcpAsGeneric(ProcessSample sample, Schema tcpSchema) {
        GenericRecord tcp = new GenericData.Record(tcpSchema);
        tcpSchema.getFields().forEach(field -> tcp.put(field.name(), sample.getTcp().get(field.name())));
        return tcp;
    }

    private static byte[] specificBytes(LeakIncident incident) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<LeakIncident>(LeakIncident.getClassSchema()).write(incident, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] frame(int schemaId, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
