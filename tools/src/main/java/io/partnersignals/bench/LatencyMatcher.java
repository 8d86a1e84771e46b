package io.partnersignals.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Matches score updates to the input events that caused them, by partner id: each send records
 * the partner and the send time; a score for a partner is matched to the latest event sent for
 * that partner that has not been matched yet, and that event is then used up. An event that is
 * followed by another event for the same partner before any score appears is superseded (no
 * sample), and a score with no unmatched event (a re-score as time passes) gives no sample.
 *
 * <p>Limit: the method assumes that at most one event per partner is in flight, i.e. that the
 * interval between two events for one partner is longer than the latency. When it is not, a score
 * caused by an earlier event is credited to a later one and the latency is underestimated; the
 * count of superseded events shows how often that could have happened.
 */
public final class LatencyMatcher {

    private final Map<String, Long> pending = new HashMap<>();
    private long superseded;
    private long unmatched;

    /** An event for {@code partner} was sent at {@code atNanos}. */
    public synchronized void sent(String partner, long atNanos) {
        if (pending.put(partner, atNanos) != null) {
            superseded++;
        }
    }

    /** A score for {@code partner} appeared at {@code atNanos}: the delay in nanoseconds, or -1 when nothing matches. */
    public synchronized long scored(String partner, long atNanos) {
        Long sent = pending.remove(partner);
        if (sent == null || sent > atNanos) {
            if (sent != null) {
                pending.put(partner, sent);
            }
            unmatched++;
            return -1;
        }
        return atNanos - sent;
    }

    public synchronized long superseded() {
        return superseded;
    }

    public synchronized long unmatched() {
        return unmatched;
    }

    public synchronized int pending() {
        return pending.size();
    }
}
