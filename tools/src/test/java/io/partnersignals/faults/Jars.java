package io.partnersignals.faults;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded jars the child processes run: packaged before the integration tests run. */
final class Jars {

    /** The production jar, as operators run it. */
    private static final Path APPLICATION = Path.of("../streams-app/target/partner-signals.jar");
    /** The tools' jar, which holds the Kafka broker (the production jar does not). */
    private static final Path TOOLS = Path.of("target/partner-signals-tools.jar");

    private Jars() {
    }

    static Path application() {
        return built(APPLICATION, "streams-app");
    }

    static Path tools() {
        return built(TOOLS, "tools");
    }

    private static Path built(Path jar, String module) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the fault suite runs after `package`"
                    + " of " + module + " (./mvnw verify builds it)");
        }
        return jar;
    }
}
