package dev.leakwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The incident contract only grows compatibly: consumers built on the current schema read
 * incidents written before {@code exhausts} existed (BACKWARD, what the registry enforces), and
 * consumers built before it read incidents that carry it (FORWARD), so ticket bots can upgrade in
 * any order.
 */
class LeakIncidentSchemaTest {
    /** The schema as it was before {@code exhausts}: every other field, unchanged. */
    private static final Schema BEFORE_EXHAUSTS = withoutField(LeakIncident.getClassSchema(), "exhausts");

    @Test
    void exhaustsIsAnOptionalResourceThatDefaultsToNull() {
        Schema.Field exhausts = LeakIncident.getClassSchema().getField("exhausts");

        assertThat(exhausts).isNotNull();
        assertThat(exhausts.schema().getTypes()).extracting(Schema::getType).containsExactly(Schema.Type.NULL, Schema.Type.ENUM);
        assertThat(exhausts.schema().getTypes().get(1).getFullName()).isEqualTo("dev.leakwatch.schema.Resource");
        assertThat(exhausts.hasDefaultValue()).isTrue();
        assertThat(exhausts.defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        assertThat(exhausts.doc()).contains("time_to_exhaustion_seconds");
    }

    @Test
    void theCurrentSchemaReadsIncidentsWrittenBeforeExhaustsAndTheOlderOneReadsNewIncidents() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(LeakIncident.getClassSchema(), BEFORE_EXHAUSTS).getType())
                .as("backward").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(BEFORE_EXHAUSTS, LeakIncident.getClassSchema()).getType())
                .as("forward").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void anIncidentWrittenBeforeExhaustsReadsWithExhaustsNull() throws IOException {
        LeakIncident incident = TestRecords.openedIncident();
        GenericRecord asOlderProducerWroteIt = readAs(BEFORE_EXHAUSTS, LeakIncident.getClassSchema(), write(incident));

        LeakIncident read = new SpecificDatumReader<LeakIncident>(BEFORE_EXHAUSTS, LeakIncident.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(writeGeneric(asOlderProducerWroteIt), null));

        assertThat(read).isEqualTo(incident);
        assertThat(read.getExhausts()).isNull();
    }

    @Test
    void anOlderConsumerReadsAnIncidentThatNamesWhatItExhaustsAndKeepsEverythingElse() throws IOException {
        LeakIncident threads = LeakIncident.newBuilder(TestRecords.openedIncident())
                .setResource(Resource.THREADS).setRelatedResources(List.of(Resource.MEMORY_RSS))
                .setCurrentValue(831).setLimit(32768L).setTimeToExhaustionSeconds(7L).setExhausts(Resource.MEMORY_RSS).build();

        GenericRecord read = readAs(BEFORE_EXHAUSTS, LeakIncident.getClassSchema(), write(threads));

        assertThat(read.hasField("exhausts")).isFalse();
        assertThat(read.get("resource").toString()).isEqualTo("THREADS");
        assertThat(read.get("limit")).isEqualTo(32768L);
        assertThat(read.get("time_to_exhaustion_seconds")).isEqualTo(7L);
    }

    private static byte[] write(LeakIncident incident) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<LeakIncident>(LeakIncident.getClassSchema()).write(incident, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] writeGeneric(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord readAs(Schema reader, Schema writer, byte[] bytes) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, reader).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(field -> !field.name().equals(dropped))
                .map(field -> new Schema.Field(field, field.schema()))
                .collect(Collectors.toList());
        assertThat(fields).hasSize(schema.getFields().size() - 1);
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
