package io.partnersignals.registry;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry whose calls wait for an unreachable registry instead of failing at once: a call that
 * gets no answer ({@link RegistryUnavailableException}) is repeated after a pause that grows by
 * {@link Backoff}, until it gets an answer or the calling thread's patience runs out; then it throws
 * the last {@link RegistryUnavailableException}. An answer, "not found" included, is returned or
 * thrown at once. How long a call may wait is asked per call ({@code patience}), so that one instance
 * serves threads that may block for a few seconds only and threads that may wait for as long as it takes.
 *
 * <p>Every outcome is recorded in a {@link RegistryReachability}. {@link #close()} ends every wait
 * (the waiting calls throw), so that a shutdown is never held up by an absent registry. Thread-safe.
 */
public final class RetryingSchemaRegistry implements SchemaRegistry, AutoCloseable {

    /** Patience without limit. */
    public static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    /** Waits; the test double records instead. */
    interface Pause {
        /** Returns after {@code duration}, or earlier when {@code wakeUp} is notified. */
        void sleep(Object wakeUp, Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetryingSchemaRegistry.class);

    private final SchemaRegistry delegate;
    private final Backoff backoff;
    private final Supplier<Duration> patience;
    private final RegistryReachability reachability;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private final Object wakeUp = new Object();
    private volatile boolean closed;

    /**
     * @param patience how long the calling thread's call may keep retrying (evaluated on that thread
     *     at the start of each call); {@link #FOREVER} for no limit
     */
    public RetryingSchemaRegistry(SchemaRegistry delegate, Backoff backoff, Supplier<Duration> patience,
                                  RegistryReachability reachability) {
        this(delegate, backoff, patience, reachability, System::nanoTime, (lock, d) -> {
            synchronized (lock) {
                lock.wait(Math.max(1, d.toMillis()));
            }
        });
    }

    RetryingSchemaRegistry(SchemaRegistry delegate, Backoff backoff, Supplier<Duration> patience,
                           RegistryReachability reachability, LongSupplier nanoTime, Pause pause) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.patience = Objects.requireNonNull(patience, "patience");
        this.reachability = Objects.requireNonNull(reachability, "reachability");
        this.nanoTime = nanoTime;
        this.pause = pause;
    }

    public RegistryReachability reachability() {
        return reachability;
    }

    public SchemaRegistry delegate() {
        return delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        return call(() -> delegate.register(subject, schema));
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return call(() -> delegate.lookup(subject, schema));
    }

    @Override
    public Schema byId(int id) {
        return call(() -> delegate.byId(id));
    }

    /** Asks the registry once, without retrying, and records the outcome. */
    @Override
    public void checkReachable() {
        attempt(() -> {
            delegate.checkReachable();
            return null;
        });
    }

    private <T> T call(Supplier<T> request) {
        Duration budget = patience.get();
        long start = nanoTime.getAsLong();
        for (int retry = 1; ; retry++) {
            try {
                T answer = attempt(request);
                if (retry > 1) {
                    LOG.info("The schema registry answered again after {} retries", retry - 1);
                }
                return answer;
            } catch (RegistryUnavailableException e) {
                Duration waited = Duration.ofNanos(nanoTime.getAsLong() - start);
                Duration left = FOREVER.equals(budget) ? FOREVER : budget.minus(waited);
                if (closed || left.isNegative() || left.isZero()) {
                    throw gaveUp(e, retry, waited);
                }
                if (retry == 1 || retry % 10 == 0) {
                    LOG.warn("The schema registry does not answer; retrying (attempt {}, waited {} ms, patience {}): {}",
                            retry, waited.toMillis(), FOREVER.equals(budget) ? "unlimited" : budget.toMillis() + " ms",
                            e.getMessage());
                }
                Duration next = backoff.pause(retry);
                reachability.retried();
                try {
                    pause.sleep(wakeUp, next.compareTo(left) < 0 ? next : left);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw gaveUp(e, retry, Duration.ofNanos(nanoTime.getAsLong() - start));
                }
                if (closed) {
                    throw gaveUp(e, retry, Duration.ofNanos(nanoTime.getAsLong() - start));
                }
            }
        }
    }

    /** One call of the delegate; records whether the registry answered. */
    private <T> T attempt(Supplier<T> request) {
        try {
            T answer = request.get();
            reachability.answered();
            return answer;
        } catch (RegistryUnavailableException e) {
            reachability.unanswered(e);
            throw e;
        } catch (RuntimeException e) {
            // the registry's own "no" (not found, incompatible, invalid): it answered
            reachability.answered();
            throw e;
        }
    }

    private RegistryUnavailableException gaveUp(RegistryUnavailableException last, int attempts, Duration waited) {
        if (attempts == 1 && !closed) {
            return last;
        }
        return new RegistryUnavailableException("No answer from the schema registry in " + attempts + " attempts over "
                + waited.toMillis() + " ms" + (closed ? " (closing)" : "") + "; the last: " + last.getMessage(), last);
    }

    /** Ends every wait now and every later one at once: their calls throw. */
    @Override
    public void close() {
        closed = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "RetryingSchemaRegistry[" + delegate + ", " + backoff + ", " + reachability + "]";
    }
}
