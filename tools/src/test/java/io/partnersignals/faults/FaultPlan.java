package io.partnersignals.faults;

import io.partnersignals.faults.FaultInput.Input;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How hard the suite pushes. The short form (the default, part of {@code ./mvnw verify}) runs the
 * example story once per scenario, paced so that each fault lands while records flow. The long
 * form ({@code -Dfaults.long=true}) runs a generated data set with the fault repeated, and holds
 * registry outages for a minute. Each figure can be set on its own:
 * {@code -Dfaults.rounds}, {@code -Dfaults.partners}, {@code -Dfaults.events}, {@code -Dfaults.hold-s},
 * {@code -Dfaults.kill-broker} (SIGKILL rather than SIGTERM for the broker restart).
 */
record FaultPlan(boolean longForm, int rounds, int partners, int events, Duration hold, Duration pace,
                 boolean killBroker) {

    static FaultPlan fromSystemProperties() {
        boolean longForm = Boolean.getBoolean("faults.long");
        return new FaultPlan(longForm,
                Integer.getInteger("faults.rounds", longForm ? 3 : 1),
                Integer.getInteger("faults.partners", longForm ? 1_000 : 0),
                Integer.getInteger("faults.events", longForm ? 60_000 : 0),
                // longer than the transaction timeout Kafka Streams gives its producers (10 s)
                Duration.ofSeconds(Integer.getInteger("faults.hold-s", longForm ? 60 : 15)),
                Duration.ofMillis(longForm ? 0 : 20),
                // SIGKILL of the only broker can lose its producer state (see docs/faults.md): the long form only
                Boolean.parseBoolean(System.getProperty("faults.kill-broker", String.valueOf(longForm))));
    }

    /** The story in the short form, else a generated data set (the same for every run of the same plan). */
    List<Input> inputs(Path dir) throws IOException {
        return longForm ? FaultInput.generated(partners, events, 60, 42, dir) : FaultInput.story();
    }

    @Override
    public String toString() {
        return longForm ? "long form: " + partners + " partners, " + events + " events, " + rounds + " rounds, hold "
                + hold.toSeconds() + " s, broker " + (killBroker ? "killed" : "stopped")
                : "short form: the story, " + rounds + " round(s), hold " + hold.toSeconds() + " s, broker "
                + (killBroker ? "killed" : "stopped");
    }
}
