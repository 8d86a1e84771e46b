package io.partnersignals.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code perInterval} log lines per interval for one kind of event, so that a client
 * hammering the server cannot flood the log; the next line allowed says how many were left out.
 */
final class LogLimit {

    private final int perInterval;
    private final Duration interval;
    private final Clock clock;
    private Instant start = Instant.MIN;
    private int written;
    private long suppressed;

    LogLimit(int perInterval, Duration interval, Clock clock) {
        this.perInterval = perInterval;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * -1 when this line must be left out; else the number of lines left out since the last one
     * written (the caller says so in the line).
     */
    synchronized long admit() {
        Instant now = clock.instant();
        if (!now.isBefore(start.plus(interval))) {
            start = now;
            written = 0;
        }
        if (written >= perInterval) {
            suppressed++;
            return -1;
        }
        written++;
        long left = suppressed;
        suppressed = 0;
        return left;
    }
}
