package io.partnersignals.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What the production jar holds, read from the jar that {@code package} built (the image runs it). */
class ProductionJarIT {

    static final Path JAR = Path.of("target/partner-signals.jar");

    @Test
    void holdsTheApplicationAndNoToolBrokerScalaOrTestFramework() throws IOException {
        assertThat(JAR).as("built by package, before the integration tests").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("io/partnersignals/runtime/Main.class",
                    "io/partnersignals/topology/PartnerSignalsTopology.class",
                    "org/apache/kafka/streams/TopologyTestDriver.class");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.partnersignals.runtime.Main");
            for (String forbidden : List.of("io/partnersignals/demo/", "io/partnersignals/bench/",
                    "io/partnersignals/embedded/", "io/partnersignals/tools/", "kafka/server/", "scala/",
                    "org/apache/kafka/metadata/", "org/apache/kafka/raft/", "org/junit/", "org/assertj/", "story/")) {
                assertThat(names).as("entries under " + forbidden).noneMatch(n -> n.startsWith(forbidden));
            }
        }
        assertThat(Files.size(JAR)).as("bytes; RocksDB's natives for other platforms are left out")
                .isLessThan(80L * 1024 * 1024);
    }
}
