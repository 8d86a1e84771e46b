package io.partnersignals.runtime;

import io.partnersignals.http.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The probes of the live application. Live unless a restart is the cure: Kafka Streams in ERROR (which
 * is also where a dead global thread leaves it), the instance stopping itself, or stream threads
 * replaced again and again. Ready when RUNNING and making progress: records waiting in an assigned
 * partition while none has been processed for {@code stallTimeout} means a task is stuck (a hung
 * dependency, a fenced producer that cannot recover), and a load balancer should look elsewhere.
 */
final class ApplicationHealth implements Health {

    private final KafkaStreams streams;
    private final ThreadFailures failures;
    private final long stallTimeoutMs;
    private final LongSupplier clock;
    private final Supplier<Optional<String>> registryProblem;
    private double lastProcessed = -1;
    private long progressAt;

    ApplicationHealth(KafkaStreams streams, ThreadFailures failures, Duration stallTimeout, LongSupplier clock,
                      Supplier<Optional<String>> registryProblem) {
        this.registryProblem = registryProblem;
        this.streams = streams;
        this.failures = failures;
        this.stallTimeoutMs = stallTimeout.toMillis();
        this.clock = clock;
        this.progressAt = clock.getAsLong();
    }

    @Override
    public Check liveness() {
        KafkaStreams.State state = streams.state();
        List<String> problems = new ArrayList<>();
        failures.stopReason().ifPresent(r -> problems.add("stopped: " + r));
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
            problems.add("Kafka Streams is " + state + " (a failed stream or global thread)");
        }
        failures.repeating().ifPresent(problems::add);
        return new Check(problems.isEmpty(), state.name(), problems);
    }

    @Override
    public Check readiness() {
        KafkaStreams.State state = streams.state();
        List<String> problems = new ArrayList<>();
        if (state != KafkaStreams.State.RUNNING) {
            problems.add("Kafka Streams is " + state);
        } else {
            stalled().ifPresent(problems::add);
        }
        registryProblem.get().ifPresent(problems::add);
        return new Check(problems.isEmpty(), state.name(), problems);
    }

    /** "No progress" when records wait and none was processed for the stall timeout. */
    synchronized Optional<String> stalled() {
        double processed = 0;
        double waiting = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            Object value = e.getValue().metricValue();
            if (!(value instanceof Number n) || Double.isNaN(n.doubleValue())) {
                continue;
            }
            if (name.group().equals("stream-thread-metrics") && name.name().equals("process-total")) {
                processed += n.doubleValue();
            } else if (name.group().equals("consumer-fetch-manager-metrics") && name.name().equals("records-lag")
                    && name.tags().containsKey("partition") && mainConsumer(name.tags().getOrDefault("client-id", ""))) {
                waiting += Math.max(0, n.doubleValue());
            }
        }
        return observe(processed, waiting, clock.getAsLong());
    }

    /**
     * The progress rule on one sample: records processed so far by all stream threads, records waiting
     * in the assigned partitions, and the time. Stalled when records wait and the processed count has
     * not moved for the stall timeout.
     */
    synchronized Optional<String> observe(double processed, double waiting, long now) {
        if (processed != lastProcessed || waiting == 0) {
            lastProcessed = processed;
            progressAt = now;
            return Optional.empty();
        }
        long quiet = now - progressAt;
        return quiet >= stallTimeoutMs
                ? Optional.of("no record processed for " + quiet / 1000 + " s while " + (long) waiting
                        + " records wait in assigned partitions")
                : Optional.empty();
    }

    /** The stream threads' consumers: not the restore consumer, not the global thread's. */
    private static boolean mainConsumer(String clientId) {
        return !clientId.contains("restore-consumer") && !clientId.contains("global-consumer");
    }
}
