package io.partnersignals.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The tools' packages together with the application's and the embedded services': no cycle among them. */
class ToolsArchitectureTest {

    @Test
    void packagesFormNoCycle() {
        JavaClasses all = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.partnersignals");
        slices().matching("io.partnersignals.(*)..").should().beFreeOfCycles().check(all);
    }
}
