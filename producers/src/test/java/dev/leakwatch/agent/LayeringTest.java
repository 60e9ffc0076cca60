package dev.leakwatch.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Pins the agent's layering: reading /proc, selecting and naming know nothing of Kafka, Avro or the sample schema. */
class LayeringTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.leakwatch.agent");

    @Test
    void procfsParsersAreFreeOfKafkaAvroAndTheSchema() {
        noClasses().that().resideInAPackage("dev.leakwatch.agent.procfs..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..", "dev.leakwatch.schema..",
                        "dev.leakwatch.topic..", "dev.leakwatch.agent", "dev.leakwatch.agent.select..", "dev.leakwatch.agent.identity..",
                        "dev.leakwatch.agent.metrics..")
                .check(AGENT);
    }

    @Test
    void selectionAndServiceRulesAreFreeOfKafkaAvroTheSchemaAndProc() {
        noClasses().that().resideInAnyPackage("dev.leakwatch.agent.select..", "dev.leakwatch.agent.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..", "dev.leakwatch.schema..",
                        "dev.leakwatch.topic..", "dev.leakwatch.agent", "dev.leakwatch.agent.procfs..", "java.nio.file..")
                .check(AGENT);
    }

    @Test
    void onlyThePublisherTouchesKafkaClients() {
        noClasses().that().resideInAPackage("dev.leakwatch.agent..")
                .and().haveNameNotMatching("dev\\.leakwatch\\.agent\\.SamplePublisher(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(AGENT);
    }
}
