package io.partnersignals.model;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Deterministic wording for evidence and reasons: dates as yyyy-MM-dd in UTC, money as $12,000,
 * percentages as 12.5%, all with Locale.ROOT so that the output never depends on the machine.
 */
final class Formats {

    static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /** How many items a list in the evidence names before it says "and N more". */
    static final int MAX_LISTED = 10;

    /** Dates printed so far, by epoch day, from 1970 to 2109 (a race prints a date twice, which is harmless). */
    private static final AtomicReferenceArray<String> DATES = new AtomicReferenceArray<>(51_000);

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    // DecimalFormat is not thread-safe: these are prototypes, each use formats with a copy (a copy is
    // much cheaper than building one from its pattern and the locale's symbols)
    private static final DecimalFormat WHOLE_MONEY = decimal("#,##0");
    private static final DecimalFormat CENTS_MONEY = decimal("#,##0.00");
    private static final DecimalFormat PERCENT = decimal("0.#");

    private Formats() {
    }

    /** The UTC date of an epoch-millisecond instant, as yyyy-MM-dd. */
    static String date(long epochMillis) {
        long epochDay = Math.floorDiv(epochMillis, DAY_MILLIS);
        // evidence names the same few hundred days over and over: print each once
        if (epochDay >= 0 && epochDay < DATES.length()) {
            String cached = DATES.get((int) epochDay);
            if (cached == null) {
                cached = printDate(epochDay, epochMillis);
                DATES.set((int) epochDay, cached);
            }
            return cached;
        }
        return printDate(epochDay, epochMillis);
    }

    private static String printDate(long epochDay, long epochMillis) {
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        // LocalDate prints yyyy-MM-dd itself for four-digit years, without the formatter's parsing machinery
        return day.getYear() >= 1000 && day.getYear() <= 9999 ? day.toString() : DATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** US dollars: "$12,000" for whole amounts, "$12,000.50" otherwise, "-$5" below 0. */
    static String money(double usd) {
        long k = Math.round(Math.abs(usd) * 100.0); // whole cents
        if (k >= 100_000_000_000_000L) {
            double cents = k / 100.0;
            String s = "$" + copy(cents == Math.rint(cents) ? WHOLE_MONEY : CENTS_MONEY).format(cents);
            return usd < 0 ? "-" + s : s;
        }
        // the double nearest k/100 is never near a rounding tie at two decimals: DecimalFormat would write k itself
        StringBuilder b = new StringBuilder(24);
        if (usd < 0 && k > 0) {
            b.append('-');
        }
        b.append('$');
        grouped(b, k / 100);
        long c = k % 100;
        if (c != 0) {
            b.append('.').append((char) ('0' + c / 10)).append((char) ('0' + c % 10));
        }
        return b.toString();
    }

    /** A fraction as a percentage with at most one decimal: 0.25 gives "25%", 0.125 gives "12.5%". */
    static String percent(double fraction) {
        double value = fraction * 100.0;
        double tenths = value * 10.0;
        double below = Math.floor(tenths);
        double rest = tenths - below;
        String s;
        if (Math.abs(value) < 1e6 && Math.abs(rest - 0.5) > 1e-6) {
            // clearly on one side of a tie: the nearest tenth is what "0.#" with HALF_UP writes
            long n = (long) below + (rest > 0.5 ? 1 : 0);
            long abs = Math.abs(n);
            s = (n < 0 ? "-" : "") + (abs / 10) + (abs % 10 == 0 ? "" : "." + (abs % 10));
        } else {
            s = copy(PERCENT).format(value); // ties, huge values, NaN: DecimalFormat rounds the exact value
        }
        return ("-0".equals(s) ? "0" : s) + "%";
    }

    private static void grouped(StringBuilder b, long whole) {
        String digits = Long.toString(whole);
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(digits.charAt(i));
        }
    }

    /** "1 sale", "3 sales". */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** Whole days of a non-negative duration in milliseconds, rounded down. */
    static long wholeDays(long millis) {
        return Math.floorDiv(millis, DAY_MILLIS);
    }

    /** A window length in words: "90 days", "1 day", or "36 hours" when it is not whole days. */
    static String window(Duration d) {
        if (d.toMillis() % DAY_MILLIS == 0) {
            return count(d.toDays(), "day", "days");
        }
        return count(d.toHours(), "hour", "hours");
    }

    /** "a", "a and b", "a, b and c". */
    static String join(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** The first {@link #MAX_LISTED} items joined by ", ", then ", and N more" when there are more. */
    static String capped(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, MAX_LISTED)) + ", and " + (items.size() - MAX_LISTED) + " more";
    }

    /** A subject line in double quotes, or null when there is none. */
    static String quoted(String text) {
        return text == null || text.isBlank() ? null : "\"" + text.strip() + "\"";
    }

    private static DecimalFormat decimal(String pattern) {
        DecimalFormat f = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f;
    }

    private static DecimalFormat copy(DecimalFormat prototype) {
        return (DecimalFormat) prototype.clone();
    }
}
