package dev.leakwatch.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Pins the agent's layering: reading /proc knows nothing of Kafka, Avro or the sample schema. */
class LayeringTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.leakwatch.agent");

    @Test
    void procfsParsersAreFreeOfKafkaAvroAndTheSchema() {
        noClasses().that().resideInAPackage("dev.leakwatch.agent.procfs..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..", "dev.leakwatch.schema..",
                        "dev.leakwatch.topic..", "dev.leakwatch.agent")
                .check(AGENT);
    }

    @Test
    void onlyThePublisherTouchesKafkaClients() {
        noClasses().that().resideInAPackage("dev.leakwatch.agent..")
                .and().doNotHaveFullyQualifiedName(SamplePublisher.class.getName())
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(AGENT);
    }
}
