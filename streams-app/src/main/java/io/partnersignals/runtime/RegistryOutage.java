package io.partnersignals.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.partnersignals.registry.Backoff;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.registry.RegistryReachability;
import io.partnersignals.registry.RegistrySettings;
import io.partnersignals.registry.RegistryUnavailableException;
import io.partnersignals.registry.RetryingSchemaRegistry;
import io.partnersignals.registry.SchemaRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.internals.GlobalStreamThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the live application lives through a schema registry that does not answer, without losing,
 * doubling or dead-lettering a record (docs/design.md, "When the schema registry is down"):
 * <ol>
 *   <li>a registry call of a stream thread waits and retries for at most {@code registry.retry.timeout}
 *       (3 s under exactly_once_v2, safely inside the 10 s transaction; 2 min under at_least_once,
 *       inside max.poll.interval.ms), which rides out a restart or a short hang in place;
 *   <li>beyond that the call throws {@link RegistryUnavailableException}, the error handlers fail the
 *       stream thread instead of refusing the record, the open transaction is aborted, and the
 *       uncaught-exception handler calls {@link #pauseUntilAnswered} and replaces the thread: processing
 *       of the instance is paused until the registry answers again, then the new thread reads again
 *       from the last commit;
 *   <li>the global thread (competitors) cannot be replaced and has no transaction: its calls wait as
 *       long as it takes.
 * </ol>
 * Whether the registry answers is in {@link #reachability()}, for readiness and metrics.
 */
public final class RegistryOutage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);
    /** Kafka Streams' transaction timeout under exactly_once_v2 unless configured. */
    static final Duration STREAMS_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration EXACTLY_ONCE_RETRY_TIMEOUT = Duration.ofSeconds(3);
    static final Duration AT_LEAST_ONCE_RETRY_TIMEOUT = Duration.ofMinutes(2);

    private final RegistrySettings settings;
    private final Duration retryTimeout;
    private final Backoff backoff;
    private final RegistryReachability reachability = new RegistryReachability();
    private final RetryingSchemaRegistry registry;
    private final Object wakeUp = new Object();
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Reads and checks the registry.* settings against the Kafka Streams properties the application
     * runs with; a mistake throws {@link AppConfig.ConfigException} saying what to change. Connects to nothing.
     */
    RegistryOutage(AppConfig config, Properties streams) {
        Duration connect = config.durationValue("registry.connect-timeout");
        Duration request = config.durationValue("registry.request-timeout");
        Duration initial = config.durationValue("registry.retry.backoff-initial");
        Duration max = config.durationValue("registry.retry.backoff-max");
        if (max.compareTo(initial) < 0) {
            throw new AppConfig.ConfigException("registry.retry.backoff-max (" + config.get("registry.retry.backoff-max")
                    + ") must not be shorter than registry.retry.backoff-initial (" + config.get("registry.retry.backoff-initial") + ")");
        }
        this.backoff = new Backoff(initial, max);
        boolean exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(
                streams.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2));
        this.retryTimeout = config.get("registry.retry.timeout").isBlank()
                ? (exactlyOnce ? EXACTLY_ONCE_RETRY_TIMEOUT : AT_LEAST_ONCE_RETRY_TIMEOUT)
                : config.durationValue("registry.retry.timeout");
        // the longest a stream thread can block in one registry call: its patience, then one more attempt
        Duration blocking = retryTimeout.plus(connect).plus(request);
        Duration maxPollInterval = Duration.ofMillis(longProperty(streams, 300_000L, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)));
        if (exactlyOnce) {
            Duration transaction = Duration.ofMillis(longProperty(streams, STREAMS_TRANSACTION_TIMEOUT.toMillis(),
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                    StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)));
            // the rest of the transaction: what the thread did since the last commit, before the call
            Duration allowed = transaction.multipliedBy(4).dividedBy(5);
            if (blocking.compareTo(allowed) > 0) {
                throw new AppConfig.ConfigException("registry.retry.timeout + registry.connect-timeout + "
                        + "registry.request-timeout (" + blocking.toMillis() + " ms) must stay within 80 % of the "
                        + "transaction timeout (" + transaction.toMillis() + " ms) under exactly_once_v2, or a wait for "
                        + "the registry aborts the transaction and fences the producer: lower them, or raise "
                        + "kafka.producer.transaction.timeout.ms");
            }
        }
        if (blocking.compareTo(maxPollInterval.multipliedBy(4).dividedBy(5)) > 0) {
            throw new AppConfig.ConfigException("registry.retry.timeout + registry.connect-timeout + registry.request-timeout ("
                    + blocking.toMillis() + " ms) must stay within 80 % of max.poll.interval.ms (" + maxPollInterval.toMillis()
                    + " ms), or a wait for the registry costs the thread its place in the consumer group: lower them, "
                    + "or raise kafka.max.poll.interval.ms");
        }
        try {
            this.settings = LiveApplication.registrySettings(config).withTimeouts(connect, request);
        } catch (IllegalArgumentException e) {
            throw new AppConfig.ConfigException(e.getMessage());
        }
        this.registry = new RetryingSchemaRegistry(new ConfluentRestSchemaRegistry(settings), backoff,
                this::patienceOfThisThread, reachability);
    }

    /** Whether an unreachable registry is what made {@code failure}: then nothing is wrong with the record. */
    public static boolean isCause(Throwable failure) {
        return RegistryUnavailableException.isCause(failure);
    }

    /** The registry every part of the application uses: REST, cached, waiting for the registry as above. */
    public SchemaRegistry registry() {
        return registry;
    }

    public RegistryReachability reachability() {
        return reachability;
    }

    /** The global thread waits as long as it takes: it cannot be replaced, and it has no transaction to lose. */
    private Duration patienceOfThisThread() {
        return Thread.currentThread() instanceof GlobalStreamThread ? RetryingSchemaRegistry.FOREVER : retryTimeout;
    }

    /**
     * Called by the uncaught-exception handler, on a stream thread that gave up waiting for the
     * registry, just before it is replaced: pauses processing of the whole instance ({@code pause},
     * {@code KafkaStreams::pause}) and returns at once, so that the failed thread shuts down and its
     * transaction is aborted within the transaction timeout. A watcher thread asks the registry
     * ({@code GET /config}) after growing pauses until it answers, then resumes processing
     * ({@code resume}); the new thread reads again from the last commit. While paused, the threads
     * keep polling and heartbeating, so the group stays as it is however long the outage lasts: one
     * replacement per outage, not one every few seconds.
     */
    public void pauseUntilAnswered(Runnable pause, Runnable resume) {
        pause.run();
        if (watching.compareAndSet(false, true)) {
            Thread watcher = new Thread(() -> watch(resume), "registry-outage-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private void watch(Runnable resume) {
        for (int retry = 1; !closed; retry++) {
            try {
                registry.checkReachable();
                LOG.info("The schema registry answers again; processing resumes");
                // before resuming: a failure right after the resume starts a new watcher
                watching.set(false);
                resume.run();
                return;
            } catch (RegistryUnavailableException e) {
                if (retry == 1 || retry % 10 == 0) {
                    LOG.warn("Processing is paused until the schema registry answers (asked {} times): {}", retry,
                            e.getMessage());
                }
                try {
                    synchronized (wakeUp) {
                        if (!closed) {
                            wakeUp.wait(Math.max(1, backoff.pause(retry).toMillis()));
                        }
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("Asking the schema registry failed unexpectedly; processing resumes", e);
                watching.set(false);
                resume.run();
                return;
            }
        }
        watching.set(false);
    }

    /** Whether processing is paused until the registry answers. */
    public boolean isPausedForRegistry() {
        return watching.get();
    }

    /**
     * {@code partner_signals_registry_retries_total}: registry calls repeated because the registry did not
     * answer; {@code partner_signals_registry_reachable}: 1 while it answers, 0 from its first unanswered call
     * until it answers again.
     */
    public void bindTo(MeterRegistry meters) {
        FunctionCounter.builder("partner_signals_registry_retries", reachability, RegistryReachability::retries)
                .description("Schema registry calls repeated because the registry did not answer").register(meters);
        Gauge.builder("partner_signals_registry_reachable", reachability, r -> r.isReachable() ? 1 : 0)
                .description("1 while the schema registry answers, 0 while it does not").register(meters);
    }

    /** Ends every wait for the registry, so that a shutdown is never held up by it. */
    @Override
    public void close() {
        closed = true;
        registry.close();
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    Duration retryTimeout() {
        return retryTimeout;
    }

    RegistrySettings settings() {
        return settings;
    }

    /** The first of {@code keys} that is set, as a number, else {@code fallback}. */
    private static long longProperty(Properties p, long fallback, String... keys) {
        for (int i = keys.length - 1; i >= 0; i--) {
            // the most specific prefix wins, as in Kafka Streams
            Object v = p.get(keys[i]);
            if (v != null) {
                try {
                    return Long.parseLong(String.valueOf(v).trim());
                } catch (NumberFormatException e) {
                    throw new AppConfig.ConfigException("kafka." + keys[i] + " = '" + v + "' is not a number of milliseconds");
                }
            }
        }
        return fallback;
    }

    @Override
    public String toString() {
        return "RegistryOutage[" + settings + ", retry timeout " + retryTimeout + ", " + backoff + "]";
    }
}
