package io.partnersignals.bench;

import java.time.Duration;

/** Waiting on a condition with a deadline: the benchmarks never sleep and hope. */
final class Await {

    /** A condition that may fail to be checked; a failure ends the wait at once. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Checks {@code condition} every 50 ms until it holds; returns the seconds waited.
     *
     * @throws IllegalStateException naming {@code what} when it does not hold within {@code timeout}
     */
    static double until(String what, Duration timeout, Condition condition) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(INTERVAL.toMillis()); // polling interval, not a wait for something to happen
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
