package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.topology.UnwritableRecords;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void aFailureNowAndThenReplacesTheThreadButOneThatKeepsComingBackStopsTheInstance() {
        ThreadFailures failures = new ThreadFailures(new UnwritableRecords(), 2, Duration.ofMinutes(10), clock::get);
        assertThat(failures.handle(new IllegalStateException("one"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.repeating()).isEmpty();
        clock.addAndGet(Duration.ofMinutes(11).toMillis());
        assertThat(failures.handle(new IllegalStateException("two"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        clock.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(failures.handle(new IllegalStateException("three"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.repeating()).hasValueSatisfying(p -> assertThat(p).contains("replaced 2 times"));
        assertThat(failures.stopReason()).isEmpty();
        clock.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(failures.handle(new IllegalStateException("four"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("3 times").contains("four"));
    }

    @Test
    void aRecordThatCannotBeWrittenStopsTheInstanceAtOnce() {
        UnwritableRecords unwritable = new UnwritableRecords();
        ThreadFailures failures = new ThreadFailures(unwritable, 3, Duration.ofMinutes(10), clock::get);
        io.partnersignals.topology.DeadLetterHandlers.Production handler = new io.partnersignals.topology.DeadLetterHandlers.Production();
        java.util.Map<String, Object> configs = new java.util.HashMap<>();
        configs.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "ps");
        configs.put(io.partnersignals.topology.DeadLetterHandlers.UNWRITABLE, unwritable);
        handler.configure(configs);
        handler.handleError(null, new org.apache.kafka.clients.producer.ProducerRecord<>("ps-x-changelog", new byte[1], new byte[1]),
                new org.apache.kafka.common.errors.RecordTooLargeException("too large"));
        assertThat(failures.handle(new IllegalStateException("send failed"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("ps-x-changelog"));
    }
}
