package io.partnersignals.model;

import java.time.Duration;

/**
 * How an unanswered request weighs by its age: 0 up to the grace age, rising linearly to 1 at the
 * full age, 1 after; and the instants at which time alone moves it. Shared by both sides'
 * responsiveness, so that ours and the partner's are measured alike.
 */
record AgeRamp(long grace, long full) {

    AgeRamp {
        if (full <= grace) {
            throw new IllegalArgumentException("full age " + full + " ms must be longer than the grace " + grace + " ms");
        }
    }

    AgeRamp(Duration grace, Duration full) {
        this(grace.toMillis(), full.toMillis());
    }

    /** The value for a request of this age in milliseconds. */
    double valueForAge(long ageMillis) {
        if (ageMillis <= grace) {
            return 0.0;
        }
        if (ageMillis >= full) {
            return 1.0;
        }
        return (double) (ageMillis - grace) / (double) (full - grace);
    }

    /**
     * The next instant after {@code now} at which time alone changes the value of a request sent at
     * {@code at}: before the ramp its start; on it the next step of a fixed grid (midnights for a 1-day
     * step), so that every run of the same events re-scores a rising partner at the same instants,
     * whatever else shares its task; then its end.
     */
    long nextAfter(long at, long now, long step) {
        long start = at + grace;
        long end = at + full;
        if (now < start) {
            return start;
        }
        if (now < end) {
            return Math.min(end, (Math.floorDiv(now, step) + 1) * step);
        }
        return Long.MAX_VALUE;
    }

    /**
     * The age in whole days while the value still rises; past the full age the text stops changing
     * ("60 days or more"), so a request at the maximum is not re-published every day.
     */
    String age(long at, long now) {
        long age = now - at;
        return age >= full
                ? Formats.count(Formats.wholeDays(full), "day", "days") + " or more"
                : Formats.count(Formats.wholeDays(age), "day", "days");
    }
}
