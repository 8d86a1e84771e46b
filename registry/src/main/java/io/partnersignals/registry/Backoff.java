package io.partnersignals.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff: the pause before retry {@code n} (1 for the first retry) is {@code initial}
 * doubled {@code n - 1} times, never more than {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the first pause must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the longest pause (" + max + ") must not be shorter than the first ("
                    + initial + ")");
        }
    }

    /** The pause before retry {@code retry} (1, 2, ...). */
    public Duration pause(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, got " + retry);
        }
        // 2^30 times any sensible first pause is far beyond any sensible maximum
        long factor = 1L << Math.min(retry - 1, 30);
        long nanos = initial.toNanos() > max.toNanos() / factor ? max.toNanos() : initial.toNanos() * factor;
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }
}
