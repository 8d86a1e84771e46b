package io.partnersignals.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the schema registry answered the last time it was asked, as seen by the callers of one
 * {@link RetryingSchemaRegistry}: unreachable from the first call that could not get an answer until
 * the next call that got one, with the time it started and the last error. Thread-safe.
 *
 * <p>It changes only when the registry is asked: while every schema the application needs is cached
 * nothing asks, and an outage that touches nothing is not reported.
 */
public final class RegistryReachability {

    /** A moment of the registry's state: {@code since} and {@code lastError} are null while it is reachable. */
    public record State(boolean reachable, Instant since, String lastError, long retries) {

        /**
         * "schema registry unreachable since 2026-12-06T20:15:00Z (Schema registry GET ... failed: ...)",
         * or empty while it is reachable: a readiness problem as it is shown to operators.
         */
        public Optional<String> problem() {
            return reachable ? Optional.empty()
                    : Optional.of("schema registry unreachable since " + since + " (" + lastError + ")");
        }
    }

    private final Clock clock;
    private final AtomicLong retries = new AtomicLong();
    private volatile State state = new State(true, null, null, 0);

    public RegistryReachability() {
        this(Clock.systemUTC());
    }

    public RegistryReachability(Clock clock) {
        this.clock = clock;
    }

    /** The current state. */
    public State state() {
        State s = state;
        return new State(s.reachable(), s.since(), s.lastError(), retries.get());
    }

    public boolean isReachable() {
        return state.reachable();
    }

    /** When the registry stopped answering, or empty while it answers. */
    public Optional<Instant> unreachableSince() {
        return Optional.ofNullable(state.since());
    }

    /** The last failure's message while the registry is unreachable, or empty. */
    public Optional<String> lastError() {
        return Optional.ofNullable(state.lastError());
    }

    /** Calls repeated because the registry did not answer, since this object was made. */
    public long retries() {
        return retries.get();
    }

    /** A call got the registry's answer (any answer, "not found" included). */
    void answered() {
        if (!state.reachable()) {
            synchronized (this) {
                state = new State(true, null, null, 0);
            }
        }
    }

    /** A call got no answer. */
    synchronized void unanswered(RegistryUnavailableException failure) {
        State s = state;
        state = new State(false, s.reachable() ? clock.instant() : s.since(), failure.getMessage(), 0);
    }

    void retried() {
        retries.incrementAndGet();
    }

    @Override
    public String toString() {
        return state().problem().orElse("schema registry reachable");
    }
}
