package dev.leakwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The detector is plain Java: records in, records out, testable without Kafka, Avro or HTTP. */
@AnalyzeClasses(packages = "dev.leakwatch", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule detectorKnowsNothingOfKafkaAvroOrTheWire = noClasses()
            .that().resideInAPackage("dev.leakwatch.detect..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.kafka..", "org.apache.avro..", "dev.leakwatch.schema..", "dev.leakwatch.streams..",
                    "java.net.http..", "com.sun.net.httpserver..");
}
