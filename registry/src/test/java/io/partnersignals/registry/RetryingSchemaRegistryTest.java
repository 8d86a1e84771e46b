package io.partnersignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.Partner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The retries, their pauses and the reachability they record, on a clock that only the pauses move. */
class RetryingSchemaRegistryTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));
    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

    private final Schema partner = AvroWireSerde.withoutJavaProperties(Partner.getClassSchema());
    private final LocalSchemaRegistry local = new LocalSchemaRegistry();
    private final List<Duration> pauses = new ArrayList<>();
    private long nanos;
    private final RegistryReachability reachability = new RegistryReachability(Clock.fixed(T0, ZoneOffset.UTC));

    private RetryingSchemaRegistry retrying(SchemaRegistry delegate, Duration patience) {
        return new RetryingSchemaRegistry(delegate, BACKOFF, () -> patience, reachability, () -> nanos, (lock, d) -> {
            pauses.add(d);
            nanos += d.toNanos();
        });
    }

    @Test
    void waitsWithGrowingPausesUntilTheRegistryAnswers() {
        int id = local.register("partners-value", partner);
        UnreachableRegistryDouble down = new UnreachableRegistryDouble(local, 4);

        assertThat(retrying(down, Duration.ofSeconds(10)).byId(id)).isEqualTo(partner);

        assertThat(down.calls()).isEqualTo(5);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800));
        assertThat(reachability.state().reachable()).isTrue();
        assertThat(reachability.retries()).isEqualTo(4);
    }

    @Test
    void givesUpWhenTheCallersPatienceRunsOutAndSaysSince() {
        UnreachableRegistryDouble down = new UnreachableRegistryDouble(local, Integer.MAX_VALUE);

        assertThatThrownBy(() -> retrying(down, Duration.ofMillis(1000)).register("partners-value", partner))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("No answer from the schema registry in 5 attempts over 1000 ms")
                .hasMessageContaining("Connection refused");

        // 100 + 200 + 400, then the 300 ms that were left
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(300));
        RegistryReachability.State state = reachability.state();
        assertThat(state.reachable()).isFalse();
        assertThat(state.since()).isEqualTo(T0);
        assertThat(state.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("schema registry unreachable since 2026-12-06T20:00:00Z (")
                .contains("Connection refused"));
    }

    @Test
    void theRegistrysOwnNoIsThrownAtOnceAndCountsAsAnAnswer() {
        UnreachableRegistryDouble down = new UnreachableRegistryDouble(local, 1);
        RetryingSchemaRegistry registry = retrying(down, Duration.ofSeconds(10));

        assertThatThrownBy(() -> registry.byId(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());

        assertThat(down.calls()).isEqualTo(2);
        assertThat(reachability.isReachable()).isTrue();
    }

    @Test
    void patienceIsAskedOnTheCallingThread() {
        UnreachableRegistryDouble down = new UnreachableRegistryDouble(local, 3);
        RetryingSchemaRegistry registry = new RetryingSchemaRegistry(down, BACKOFF,
                () -> Thread.currentThread().getName().equals("patient") ? RetryingSchemaRegistry.FOREVER : Duration.ZERO,
                reachability, () -> nanos, (lock, d) -> nanos += d.toNanos());

        assertThatThrownBy(() -> registry.register("partners-value", partner)).isInstanceOf(RegistryUnavailableException.class);
        assertThat(down.calls()).isEqualTo(1);

        AtomicReference<Object> result = new AtomicReference<>();
        Thread patient = new Thread(() -> result.set(registry.register("partners-value", partner)), "patient");
        patient.start();
        assertThat(joined(patient)).isTrue();
        assertThat(result.get()).isEqualTo(1);
        assertThat(down.calls()).isEqualTo(4);
    }

    @Test
    void theProbeAsksOnceAndRecordsTheOutcome() {
        UnreachableRegistryDouble down = new UnreachableRegistryDouble(local, 1);
        RetryingSchemaRegistry registry = retrying(down, Duration.ofSeconds(10));

        assertThatThrownBy(registry::checkReachable).isInstanceOf(RegistryUnavailableException.class);
        assertThat(reachability.isReachable()).isFalse();
        registry.checkReachable();
        assertThat(reachability.isReachable()).isTrue();
        assertThat(reachability.unreachableSince()).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void closeEndsAWaitThatHasNoLimit() throws Exception {
        UnreachableRegistryDouble down = new UnreachableRegistryDouble(local, Integer.MAX_VALUE);
        // real pauses here: the wait must be ended by close, not by a clock
        RetryingSchemaRegistry registry = new RetryingSchemaRegistry(down, new Backoff(Duration.ofMinutes(10),
                Duration.ofMinutes(10)), () -> RetryingSchemaRegistry.FOREVER, reachability);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch retrying = new CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            try {
                registry.byId(1);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        waiting.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reachability.retries() < 1) { // then it pauses for 10 minutes
            assertThat(System.nanoTime()).as("the call retries within 30 s").isLessThan(deadline);
            assertThat(retrying.await(10, TimeUnit.MILLISECONDS)).isFalse();
        }

        registry.close();

        assertThat(joined(waiting)).isTrue();
        assertThat(failure.get()).isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("(closing)");
    }

    private static boolean joined(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
