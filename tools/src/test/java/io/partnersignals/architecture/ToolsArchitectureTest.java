package io.partnersignals.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tools' packages together with the application's and the embedded services': no cycle among them. */
class ToolsArchitectureTest {

    @Test
    void packagesFormNoCycle() {
        // main code only: the test class path also holds streams-app's test jar
        JavaClasses all = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.matches(Pattern.compile(".*-tests\\.jar.*")))
                .importPackages("io.partnersignals");
        assertThat(all.containPackage("io.partnersignals.bench")).isTrue();
        assertThat(all.containPackage("io.partnersignals.topology")).isTrue();
        assertThat(all.contain("io.partnersignals.topology.Subsequence")).as("a test class").isFalse();
        slices().matching("io.partnersignals.(*)..").should().beFreeOfCycles().check(all);
    }
}
