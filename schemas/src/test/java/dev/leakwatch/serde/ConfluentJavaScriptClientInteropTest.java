package dev.leakwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakwatch.embedded.RegistryServer;
import dev.leakwatch.embedded.RealServers;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.TestRecords;

/**
 * The proof that leakwatch speaks Confluent's wire format: Confluent's own JavaScript client
 * ({@code @confluentinc/schemaregistry}, driven by src/test/js/interop.mjs under Node.js) reads
 * what leakwatch writes and writes what leakwatch reads, through the same real registry.
 * Never skipped: without Node.js or the npm packages it fails and says how to get them.
 */
@ExtendWith(RealServers.class)
class ConfluentJavaScriptClientInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Surefire runs tests in the module directory and sets basedir to it.
    private static final Path JS_DIR = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/js");
    private static final long NODE_TIMEOUT_SECONDS = 120;

    /** Some unions null and some set, so both branches cross the language boundary. */
    private static final ProcessSample SAMPLE = ProcessSample.newBuilder(TestRecords.fullSample())
            .setContainerId(null)
            .setUid(null)
            .build();

    @Test
    void confluentsJavaScriptClientDecodesWhatLeakwatchWrites(RegistryServer registry, @TempDir Path dir) throws Exception {
        String topic = uniqueTopic("leakwatch-to-confluent");
        Path bytes = dir.resolve("leakwatch.bin");
        Files.write(bytes, serde(registry).serializer().serialize(topic, SAMPLE));

        JsonNode decoded = JSON.readTree(node("decode", registry.url(), topic, bytes.toString()));

        // Compared as parsed text: Jackson's IntNode and LongNode for the same number are not equal.
        assertThat(decoded).isEqualTo(JSON.readTree(avroJson(SAMPLE).toString()));
        assertThat(decoded.path("host").asText()).isEqualTo("web-17");
        assertThat(decoded.path("start_time").asLong()).isEqualTo(1_767_225_600_000L);
        assertThat(decoded.path("tcp").path("close_wait").asInt()).isEqualTo(2);
        assertThat(decoded.path("container_id").isNull()).isTrue();
    }

    @Test
    void leakwatchDecodesWhatConfluentsJavaScriptClientWritesByteForByte(RegistryServer registry, @TempDir Path dir)
            throws Exception {
        String topic = uniqueTopic("confluent-to-leakwatch");
        Path schema = Files.writeString(dir.resolve("ProcessSample.avsc"), ProcessSample.getClassSchema().toString());
        Path record = Files.writeString(dir.resolve("sample.json"), avroJson(SAMPLE).toString());
        Path bytesFile = dir.resolve("confluent.bin");

        int idFromConfluent = JSON.readTree(node("encode", registry.url(), topic, schema.toString(), record.toString(),
                bytesFile.toString())).path("id").intValue();
        byte[] bytes = Files.readAllBytes(bytesFile);

        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                .isEqualTo(idFromConfluent)
                .isEqualTo(RegistryRest.latestId(registry.url(), topic + "-value"));
        ConfluentAvroSerde<ProcessSample> serde = serde(registry);
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(SAMPLE);
        assertThat(serde.serializer().serialize(topic, SAMPLE)).isEqualTo(bytes);
    }

    private static ConfluentAvroSerde<ProcessSample> serde(RegistryServer registry) {
        return ConfluentAvroSerde.forValues(ProcessSample.class, Map.of(SchemaRegistrySettings.URL, registry.url()));
    }

    private static String uniqueTopic(String name) {
        return "test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A record as avsc (the Avro library under Confluent's JS client) represents it in JSON:
     * every field present, unions unwrapped, timestamps as epoch millis.
     */
    private static ObjectNode avroJson(SpecificRecord record) {
        ObjectNode json = JSON.createObjectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value instanceof Instant instant) {
                value = instant.toEpochMilli();
            }
            json.set(field.name(), value instanceof SpecificRecord nested ? avroJson(nested) : JSON.valueToTree(value));
        }
        return json;
    }

    /** Runs interop.mjs and returns its standard output, failing with its error output. */
    private static String node(String... args) throws IOException, InterruptedException {
        requireNodeProject();
        List<String> command = new ArrayList<>(List.of("node", "interop.mjs"));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("interop-", ".stderr");
        try {
            Process process = new ProcessBuilder(command).directory(JS_DIR.toFile())
                    .redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("node interop.mjs %s did not finish within %d s", args[0], NODE_TIMEOUT_SECONDS);
            }
            if (process.exitValue() != 0) {
                fail("node interop.mjs %s exited with %d:%n%s%s", args[0], process.exitValue(), stdout, Files.readString(stderr));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static void requireNodeProject() throws InterruptedException {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            version.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            fail("Node.js is needed for this test but 'node' is not on the PATH (%s): install Node.js 20 or later"
                    + " (Debian: apt-get install nodejs npm), then build with Maven, which runs 'npm ci' in %s", e.getMessage(), JS_DIR);
        }
        if (!Files.isDirectory(JS_DIR.resolve("node_modules/@confluentinc/schemaregistry"))) {
            fail("Confluent's JavaScript client is not installed in %s/node_modules: run 'npm ci --no-audit --no-fund'"
                    + " there, or build with Maven (without -DskipTests), which runs it in generate-test-resources", JS_DIR);
        }
    }
}
