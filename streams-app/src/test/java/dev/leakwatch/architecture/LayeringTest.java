package dev.leakwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/** The detector is plain Java: records in, records out, testable without Kafka, Avro or HTTP. */
class LayeringTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.leakwatch");

    @Test
    void detectorKnowsNothingOfKafkaAvroOrTheWire() {
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith("dev.leakwatch.detect"))).isNotEmpty();
        noClasses().that().resideInAPackage("dev.leakwatch.detect..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "org.apache.avro..", "dev.leakwatch.schema..", "dev.leakwatch.streams..",
                        "java.net.http..", "com.sun.net.httpserver..")
                .check(classes);
    }
}
