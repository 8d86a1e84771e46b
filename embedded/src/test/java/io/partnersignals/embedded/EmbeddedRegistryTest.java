package io.partnersignals.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRegistryTest {

    @TempDir
    Path tmp;

    @Test
    void findsTheRegistryFromTheEnvironmentNextToTheJarOrUnderTheWorkingDirectory() throws IOException {
        Path jarDir = Files.createDirectories(tmp.resolve("app/apicurio-registry"));
        Path runner = Files.createFile(jarDir.resolve("apicurio-registry-app-3.0.9-runner.jar"));
        Path appJar = tmp.resolve("app/partner-signals.jar");
        assertThat(EmbeddedRegistry.locateJar(Map.of(), appJar, tmp)).isEqualTo(runner);
        assertThat(EmbeddedRegistry.locateJar(Map.of(EmbeddedRegistry.JAR_ENV, runner.toString()), null, tmp))
                .isEqualTo(runner);

        Path built = Files.createDirectories(tmp.resolve("work/tools/target/apicurio-registry"));
        Path builtRunner = Files.createFile(built.resolve("apicurio-registry-app-3.0.9-runner.jar"));
        assertThat(EmbeddedRegistry.locateJar(Map.of(), tmp.resolve("elsewhere/x.jar"), tmp.resolve("work")))
                .isEqualTo(builtRunner);

        assertThatThrownBy(() -> EmbeddedRegistry.locateJar(Map.of(), tmp.resolve("elsewhere/x.jar"), tmp.resolve("none")))
                .hasMessageContaining("./mvnw -q -B package -DskipTests").hasMessageContaining(EmbeddedRegistry.JAR_ENV);
        assertThatThrownBy(() -> EmbeddedRegistry.locateJar(Map.of(EmbeddedRegistry.JAR_ENV, "/no/such.jar"), null, tmp))
                .hasMessageContaining("is not a file");
    }
}
