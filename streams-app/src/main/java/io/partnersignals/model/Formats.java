package io.partnersignals.model;

import java.math.BigDecimal;
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

/**
 * Deterministic wording for evidence and reasons: dates as yyyy-MM-dd in UTC, money as $12,000,
 * percentages as 12.5%, all with Locale.ROOT so that the output never depends on the machine.
 */
final class Formats {

    static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /** How many items a list in the evidence names before it says "and N more". */
    static final int MAX_LISTED = 10;

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
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MILLIS));
        // LocalDate prints yyyy-MM-dd itself for four-digit years, without the formatter's parsing machinery
        return day.getYear() >= 1000 && day.getYear() <= 9999 ? day.toString() : DATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** US dollars: "$12,000" for whole amounts, "$12,000.50" otherwise, "-$5" below 0. */
    static String money(double usd) {
        double abs = Math.abs(usd);
        double cents = Math.round(abs * 100.0) / 100.0;
        boolean whole = cents == Math.rint(cents);
        String s = "$" + (cents < 1e15 ? grouped(new BigDecimal(cents).setScale(whole ? 0 : 2, RoundingMode.HALF_UP))
                : copy(whole ? WHOLE_MONEY : CENTS_MONEY).format(cents));
        return usd < 0 && cents > 0 ? "-" + s : s;
    }

    /** A fraction as a percentage with at most one decimal: 0.25 gives "25%", 0.125 gives "12.5%". */
    static String percent(double fraction) {
        double value = fraction * 100.0;
        String s;
        if (Double.isFinite(value)) {
            // what "0.#" with HALF_UP writes, from the double's exact value like DecimalFormat, without its cost
            BigDecimal rounded = new BigDecimal(value).setScale(1, RoundingMode.HALF_UP);
            s = (rounded.remainder(BigDecimal.ONE).signum() == 0 ? rounded.setScale(0) : rounded).toPlainString();
        } else {
            s = copy(PERCENT).format(value);
        }
        return ("-0".equals(s) || "-0.0".equals(s) ? "0" : s) + "%";
    }

    /** A non-negative amount with thousands separators: 1234567.5 as "1,234,567.50" at scale 2. */
    private static String grouped(BigDecimal amount) {
        String plain = amount.toPlainString();
        int dot = plain.indexOf('.');
        int end = dot < 0 ? plain.length() : dot;
        StringBuilder b = new StringBuilder(plain.length() + end / 3);
        for (int i = 0; i < end; i++) {
            if (i > 0 && (end - i) % 3 == 0) {
                b.append(',');
            }
            b.append(plain.charAt(i));
        }
        return b.append(plain, end, plain.length()).toString();
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
