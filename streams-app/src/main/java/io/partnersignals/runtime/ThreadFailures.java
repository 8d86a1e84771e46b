package io.partnersignals.runtime;

import io.partnersignals.topology.UnwritableRecords;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed stream thread leads to. A one-off failure replaces the thread: its task reads again
 * from its last commit, and exactly-once drops what the failed attempt wrote. A record that cannot be
 * written and cannot be dead-lettered, or failures that keep coming back (more than {@code
 * maxReplacements} within {@code window}), stop the instance instead: a replacement would meet the
 * same record again, forever, while every probe said all was well.
 */
final class ThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailures.class);

    private final UnwritableRecords unwritable;
    private final int maxReplacements;
    private final long windowMs;
    private final LongSupplier clock;
    private final Deque<Long> replacements = new ArrayDeque<>();
    private volatile String stopReason;

    ThreadFailures(UnwritableRecords unwritable, int maxReplacements, Duration window, LongSupplier clock) {
        this.unwritable = unwritable;
        this.maxReplacements = maxReplacements;
        this.windowMs = window.toMillis();
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        String unwritableRecord = unwritable.first();
        if (unwritableRecord != null) {
            return stop(unwritableRecord, exception);
        }
        long now = clock.getAsLong();
        while (!replacements.isEmpty() && replacements.peekFirst() <= now - windowMs) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            return stop("a stream thread failed " + (replacements.size() + 1) + " times within "
                    + Duration.ofMillis(windowMs).toMinutes() + " minutes (runtime.max-thread-replacements="
                    + maxReplacements + "); last failure: " + exception, exception);
        }
        replacements.addLast(now);
        LOG.error("stream thread failed ({} of {} replacements allowed within {}); replacing it", replacements.size(),
                maxReplacements, Duration.ofMillis(windowMs), exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private StreamThreadExceptionResponse stop(String reason, Throwable exception) {
        stopReason = reason;
        LOG.error("partner-signals stops: {}", reason, exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Why the instance stopped itself, if it did. */
    Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** A liveness problem while replacements repeat: any within the window. */
    synchronized Optional<String> repeating() {
        long now = clock.getAsLong();
        long recent = replacements.stream().filter(t -> t > now - windowMs).count();
        return recent >= 2 ? Optional.of("stream threads replaced " + recent + " times in the last "
                + Duration.ofMillis(windowMs).toMinutes() + " minutes") : Optional.empty();
    }
}
