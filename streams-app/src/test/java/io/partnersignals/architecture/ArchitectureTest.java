package io.partnersignals.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.partnersignals.model.RiskModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /**
     * The same rule on the sources: a constant the compiler copies into the class file (a String, an
     * int) leaves no trace there, but it ties the packages together all the same.
     */
    @Test
    void sourcePackagesFormNoCycle() throws IOException {
        Path root = Path.of("src/main/java/io/partnersignals");
        Map<String, Set<String>> uses = new TreeMap<>();
        Pattern reference = Pattern.compile("io\\.partnersignals\\.([a-z]+)\\.[A-Z]");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = root.relativize(file).getName(0).toString();
                Matcher m = reference.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        uses.computeIfAbsent(from, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            }
        }
        assertThat(uses).containsKeys("runtime", "topology", "http");
        for (String start : uses.keySet()) {
            assertThat(pathBack(start, start, uses, new HashSet<>()))
                    .as("a cycle through package %s (package -> packages it refers to: %s)", start, uses).isNull();
        }
    }

    /** A chain of references from {@code from} back to {@code target}, or null when there is none. */
    private static String pathBack(String target, String from, Map<String, Set<String>> uses, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return from + " -> " + next;
            }
            if (seen.add(next)) {
                String rest = pathBack(target, next, uses, seen);
                if (rest != null) {
                    return from + " -> " + rest;
                }
            }
        }
        return null;
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
