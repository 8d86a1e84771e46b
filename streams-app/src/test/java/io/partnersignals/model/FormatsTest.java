package io.partnersignals.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void datesAreTheUtcDayAsTheFormatterWritesIt() {
        long[] edges = {
            0L, -1L, 1L, Formats.DAY_MILLIS - 1, Formats.DAY_MILLIS, -Formats.DAY_MILLIS, -Formats.DAY_MILLIS - 1,
            Instant.parse("2026-09-01T23:59:59.999Z").toEpochMilli(),
            Instant.parse("1000-01-01T00:00:00Z").toEpochMilli(), Instant.parse("0999-12-31T23:59:59.999Z").toEpochMilli(),
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(), Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli(),
        };
        for (long t : edges) {
            assertEquals(REFERENCE.format(Instant.ofEpochMilli(t)), Formats.date(t), "at " + t);
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long t = random.nextLong() % (400L * 365 * Formats.DAY_MILLIS * 30);
            assertEquals(REFERENCE.format(Instant.ofEpochMilli(t)), Formats.date(t), "at " + t);
        }
    }

    @Test
    void moneyAndPercentWriteWhatDecimalFormatWrites() {
        Random random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            double v = switch (i % 5) {
                case 0 -> random.nextDouble();
                case 1 -> Math.round(random.nextDouble() * 2000) / 2000.0; // ties at the rounding digit
                case 2 -> (random.nextDouble() - 0.5) * 2e7;
                case 3 -> Math.round(random.nextDouble() * 1e6) / 100.0 + 0.005;
                default -> random.nextInt(2_000_000) / 100.0;
            };
            assertEquals(referencePercent(v), Formats.percent(v), "percent of " + v);
            assertEquals(referenceMoney(v), Formats.money(v), "money of " + v);
        }
        for (double v : new double[] {0.0, -0.0, 1e-9, -1e-9, 0.0005, -0.0005, 0.00049999, 0.045, 1.005, 2.675,
            999.995, 999_999.995, 1e14 + 0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals(referencePercent(v), Formats.percent(v), "percent of " + v);
            if (Double.isFinite(v)) {
                assertEquals(referenceMoney(v), Formats.money(v), "money of " + v);
            }
        }
    }

    /** The earlier implementation: DecimalFormat with the same patterns. */
    private static String referencePercent(double fraction) {
        String s = decimal("0.#").format(fraction * 100.0);
        return ("-0".equals(s) ? "0" : s) + "%";
    }

    private static String referenceMoney(double usd) {
        double abs = Math.abs(usd);
        double cents = Math.round(abs * 100.0) / 100.0;
        String s = "$" + decimal(cents == Math.rint(cents) ? "#,##0" : "#,##0.00").format(cents);
        return usd < 0 && cents > 0 ? "-" + s : s;
    }

    private static java.text.DecimalFormat decimal(String pattern) {
        java.text.DecimalFormat f = new java.text.DecimalFormat(pattern,
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return f;
    }

    @Test
    void moneyAndPercentKeepTheirWording() {
        assertEquals("$12,000", Formats.money(12_000));
        assertEquals("$12,000.50", Formats.money(12_000.5));
        assertEquals("-$5", Formats.money(-5));
        assertEquals("12.5%", Formats.percent(0.125));
        assertEquals("0%", Formats.percent(-0.0001));
    }
}
