package io.partnersignals.faults;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded jar the child processes run: packaged before the integration tests run. */
final class Jars {

    private static final Path JAR = Path.of("../streams-app/target/partner-signals.jar");

    private Jars() {
    }

    static Path application() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the fault suite runs after `package`"
                    + " of streams-app (./mvnw verify builds it)");
        }
        return JAR;
    }
}
