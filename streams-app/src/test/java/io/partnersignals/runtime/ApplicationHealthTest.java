package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.topology.UnwritableRecords;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicationHealthTest {

    private final ThreadFailures failures = new ThreadFailures(new UnwritableRecords(), 3, Duration.ofMinutes(10), () -> 0L);

    @Test
    void recordsWaitingWhileNoneIsProcessedForTheStallTimeoutIsAStall() {
        ApplicationHealth health = new ApplicationHealth(null, failures, Duration.ofSeconds(60), () -> 0L, Optional::empty);
        assertThat(health.observe(100, 50, 0)).isEmpty();
        assertThat(health.observe(100, 50, 59_000)).as("quiet, not yet long enough").isEmpty();
        assertThat(health.observe(100, 50, 75_000)).hasValueSatisfying(p ->
                assertThat(p).contains("no record processed for 75 s").contains("50 records wait"));
        assertThat(health.observe(101, 49, 76_000)).as("progress again").isEmpty();
    }

    @Test
    void nothingWaitingIsNoStallHoweverLongItIsQuiet() {
        ApplicationHealth health = new ApplicationHealth(null, failures, Duration.ofSeconds(60), () -> 0L, Optional::empty);
        assertThat(health.observe(100, 0, 0)).isEmpty();
        assertThat(health.observe(100, 0, 600_000)).isEmpty();
        assertThat(health.observe(100, 5, 601_000)).as("waiting starts now: the quiet time counts from here").isEmpty();
        assertThat(health.observe(100, 5, 662_000)).isPresent();
    }
}
