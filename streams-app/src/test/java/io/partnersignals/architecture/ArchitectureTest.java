package io.partnersignals.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.partnersignals.model.RiskModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The production code's shape, read from its class files: packages without cycles, and nothing of the
 * tools (demo, benchmarks, embedded broker and registry), of a Kafka broker, of Scala or of a test
 * framework in the application.
 */
class ArchitectureTest {

    /** This module's compiled classes: the test class path also holds the tools' embedded services. */
    static final JavaClasses PRODUCTION = new ClassFileImporter()
            .importPath(Path.of(RiskModel.class.getProtectionDomain().getCodeSource().getLocation().getPath()));

    @Test
    void theProductionClassesAreRead() {
        assertThat(PRODUCTION.containPackage("io.partnersignals.topology")).isTrue();
        assertThat(PRODUCTION.containPackage("io.partnersignals.embedded")).isFalse();
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.partnersignals.(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }

    @Test
    void theApplicationDependsOnNoTool() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.partnersignals.demo..", "io.partnersignals.bench..", "io.partnersignals.tools..",
                        "io.partnersignals.embedded..", "io.partnersignals.faults..")
                .because("the demo, the benchmarks and the embedded services live in the tools module, "
                        + "outside the production jar")
                .check(PRODUCTION);
    }

    @Test
    void theApplicationRunsNoBrokerAndNoTestFramework() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("kafka..", "scala..", "org.apache.kafka.server..", "org.apache.kafka.metadata..",
                        "org.junit..", "org.assertj..")
                .because("the production jar holds the client side of Kafka only; replay's TopologyTestDriver is "
                        + "the one test utility it uses, and it runs no broker")
                .check(PRODUCTION);
    }
}
