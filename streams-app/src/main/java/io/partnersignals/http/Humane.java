package io.partnersignals.http;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Numbers and times written for people, the same on every machine (English, UTC): "27 Aug 2026",
 * "3 days", "+5", "0.15" rather than a raw instant with milliseconds or 15.000000000000002.
 */
final class Humane {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    /** U+2212: a real minus sign, which screen readers read as "minus". */
    static final String MINUS = "\u2212";
    static final String NONE = "\u2013";

    private Humane() {
    }

    static String date(LocalDate day) {
        return DATE.format(day);
    }

    static String date(Instant at) {
        return at == null ? NONE : DATE.format(at.atZone(ZoneOffset.UTC));
    }

    static String dateTime(Instant at) {
        return at == null ? NONE : DATE_TIME.format(at);
    }

    /** A {@code <time>} element: the machine-readable instant (seconds) and the date for people; the full time as its title. */
    static String time(Instant at) {
        if (at == null) {
            return NONE;
        }
        String iso = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return "<time datetime=\"" + iso + "\" title=\"" + dateTime(at) + "\">" + date(at) + "</time>";
    }

    /** The length of a non-negative span in its largest sensible unit: "just now", "5 minutes", "3 hours", "3 days", "5 weeks", "4 months". */
    static String span(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return "under a minute";
        }
        if (minutes < 60) {
            return count(minutes, "minute");
        }
        long hours = d.toHours();
        if (hours < 48) {
            return count(hours, "hour");
        }
        long days = d.toDays();
        if (days < 21) {
            return count(days, "day");
        }
        if (days < 70) {
            return count(days / 7, "week");
        }
        if (days < 730) {
            return count(Math.round(days / 30.44), "month");
        }
        return count(days / 365, "year");
    }

    /** "3 days ago" from {@code now}. */
    static String ago(Instant at, Instant now) {
        return at == null ? NONE : span(Duration.between(at, now)) + " ago";
    }

    static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** A score change: "+5", "−3", "0"; a dash when unknown. */
    static String change(Integer delta) {
        if (delta == null) {
            return NONE;
        }
        return delta > 0 ? "+" + delta : delta < 0 ? MINUS + (-delta) : "0";
    }

    /** The same change in words, for screen readers and for people who do not see the colour. */
    static String changeWords(Integer delta, String period) {
        if (delta == null) {
            return "no score " + period + " ago to compare with";
        }
        return delta > 0 ? "up " + delta + " since " + period + " ago" : delta < 0 ? "down " + (-delta) + " since " + period + " ago"
                : "unchanged since " + period + " ago";
    }

    /** At most {@code decimals} decimals, trailing zeros dropped: 0.15, 7.5, 15, 0. */
    static String decimal(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return NONE;
        }
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros();
        if (d.signum() == 0) {
            return "0";
        }
        String s = d.toPlainString();
        return s.startsWith("-") ? MINUS + s.substring(1) : s;
    }

    /** A 0-1 value as a percentage: 0.5 gives "50%". */
    static String percent(double fraction) {
        return decimal(fraction * 100.0, 1) + "%";
    }
}
