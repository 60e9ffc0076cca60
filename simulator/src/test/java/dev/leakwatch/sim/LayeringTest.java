package dev.leakwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The scenarios, the scorer and the baseline are plain Java: only the publishers in dev.leakwatch.sim talk to Kafka. */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/leakwatch/sim");

    @Test
    void scenariosScorerAndBaselineImportNoKafkaAndNoStreams() throws IOException {
        for (String domain : List.of("scenario", "score", "baseline")) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(domain))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                    String source = read(file);
                    assertThat(source).as(file.toString()).doesNotContain("import org.apache.kafka");
                });
            }
        }
    }

    @Test
    void nothingInTheSimulatorDependsOnKafkaStreams() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(file -> assertThat(read(file)).as(file.toString()).doesNotContain("org.apache.kafka.streams"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
