package io.partnersignals.crawler;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-host rate limit: a host is asked again only when the interval has passed since the end
 * of the previous request to it. Counting from the end, not the start, keeps a slow host from being
 * asked back to back. Nano times; single-threaded (one per task).
 */
final class HostPacer {

    private final long intervalNanos;
    private final Map<String, Long> readyAt = new HashMap<>();

    HostPacer(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** How long until {@code host} may be asked again; 0 when now. */
    long waitNanos(String host, long now) {
        Long ready = readyAt.get(host);
        return ready == null ? 0 : Math.max(0, ready - now);
    }

    /** A request to {@code host} just ended. */
    void finished(String host, long now) {
        readyAt.put(host, now + intervalNanos);
    }
}
