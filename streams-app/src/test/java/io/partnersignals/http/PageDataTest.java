package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The owner's JSON of history and alerts, in the shapes the rules give, read into the page's records. */
class PageDataTest {

    @Test
    void readsHistoryPoints() throws Exception {
        var json = Exchange.JSON.readTree("{\"partnerId\":\"acme\",\"points\":[{\"day\":\"2026-08-01\","
                + "\"computedAt\":\"2026-08-01T23:00:00Z\",\"score\":40,\"band\":\"AMBER\",\"factors\":{\"sponsorship\":0.2}},"
                + "{\"day\":\"2026-08-02\",\"computedAt\":1785715200000,\"score\":61,\"band\":\"RED\"},"
                + "{\"day\":\"2026-08-03\",\"score\":1,\"band\":\"GREEN\"}]}");
        assertThat(PageData.points(json.path("points"))).containsExactly(
                new ScoreChart.Point(Instant.parse("2026-08-01T23:00:00Z"), 40, "AMBER"),
                new ScoreChart.Point(Instant.ofEpochMilli(1785715200000L), 61, "RED"));
        assertThat(PageData.points(json.path("missing"))).isEmpty();
    }

    @Test
    void readsAlertsWithTheirAcknowledgements() throws Exception {
        var json = Exchange.JSON.readTree("{\"partnerId\":\"acme\",\"alerts\":["
                + "{\"at\":\"2026-08-02T10:00:00Z\",\"fromBand\":\"AMBER\",\"toBand\":\"RED\",\"score\":61,\"reasons\":[\"r1\"],"
                + "\"acknowledged\":{\"by\":\"Kim\",\"at\":\"2026-08-03T09:00:00Z\",\"text\":\"called\"}},"
                + "{\"at\":\"2026-07-01T10:00:00Z\",\"fromBand\":\"GREEN\",\"toBand\":\"AMBER\",\"score\":36,\"reasons\":[],"
                + "\"acknowledged\":null}]}");
        assertThat(PageData.alerts(json.path("alerts"))).containsExactly(
                new PartnerPage.Alert(Instant.parse("2026-08-02T10:00:00Z"), "AMBER", "RED", 61, List.of("r1"), "Kim",
                        Instant.parse("2026-08-03T09:00:00Z"), "called"),
                new PartnerPage.Alert(Instant.parse("2026-07-01T10:00:00Z"), "GREEN", "AMBER", 36, List.of(), null, null, null));
    }
}
