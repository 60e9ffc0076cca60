package dev.leakwatch.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.ProcessSample;

/**
 * Test double for the registry-backed serde: plain Avro binary of {@link ProcessSample}, no schema
 * id, so that publisher tests need no schema registry.
 */
final class AvroSerdeForTests {
    private AvroSerdeForTests() {
    }

    static Serde<ProcessSample> processSamples() {
        return of(ProcessSample.class);
    }

    static Serde<HostTick> hostTicks() {
        return of(HostTick.class);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> of(Class<T> type) {
        final SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
        final SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
        final Serializer<T> serializer = (topic, sample) -> {
            if (sample == null) {
                return null;
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(sample, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        };
        final Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
