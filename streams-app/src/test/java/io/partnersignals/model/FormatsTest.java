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
    void moneyAndPercentKeepTheirWording() {
        assertEquals("$12,000", Formats.money(12_000));
        assertEquals("$12,000.50", Formats.money(12_000.5));
        assertEquals("-$5", Formats.money(-5));
        assertEquals("12.5%", Formats.percent(0.125));
        assertEquals("0%", Formats.percent(-0.0001));
    }
}
