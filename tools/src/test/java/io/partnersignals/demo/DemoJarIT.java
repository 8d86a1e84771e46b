package io.partnersignals.demo;

import io.partnersignals.embedded.EmbeddedKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code java -jar partner-signals-tools.jar demo} as a child process: it comes up, and SIGTERM stops it and its registry. */
class DemoJarIT {

    static final Duration DEADLINE = Duration.ofSeconds(120);

    @Test
    void comesUpAndStopsWithItsRegistryOnSigterm() throws Exception {
        Path jar = Stream.of(Path.of("target/partner-signals-tools.jar"), Path.of("tools/target/partner-signals-tools.jar"))
                .filter(Files::isRegularFile).findFirst().orElse(null);
        assumeTrue(jar != null, "the shaded jar is not built yet (./mvnw package)");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process demo = new ProcessBuilder(java, "-jar", jar.toString(), "demo", "--speed", "20",
                "--http-port", String.valueOf(EmbeddedKafka.freeLoopbackPort()))
                .redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (IOException | UncheckedIOException e) {
                // the process is gone
            }
        });
        reader.start();
        List<ProcessHandle> children = List.of();
        try {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (output.stream().noneMatch(l -> l.contains("partner  ") && l.contains("score"))) {
                assertThat(demo.isAlive()).as("the demo exited early:\n%s", String.join("\n", output)).isTrue();
                assertThat(System.nanoTime()).as("no table within %s:\n%s", DEADLINE, String.join("\n", output))
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            children = demo.descendants().toList();
            assertThat(children).as("the registry child").isNotEmpty();

            // SIGTERM, as from kill or a service manager; Ctrl-C takes the same path. (Not Process.destroy(),
            // which also closes our end of its output, so that its last lines would be lost.)
            demo.toHandle().destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s:\n%s", String.join("\n", output)).isTrue();
            assertThat(demo.exitValue()).isZero();
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
            reader.join(10_000);
            assertThat(output).anyMatch(l -> l.contains("Ctrl-C stops everything"))
                    .anyMatch(l -> l.contains("partner-signals demo stopped"));
        } finally {
            demo.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
