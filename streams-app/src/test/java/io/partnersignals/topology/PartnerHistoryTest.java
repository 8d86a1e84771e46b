package io.partnersignals.topology;

import static io.partnersignals.topology.Events.day;
import static io.partnersignals.topology.Events.priceChange;
import static io.partnersignals.topology.Events.promotion;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.history.HistoryValues;
import io.partnersignals.model.RiskModelConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The partner-history-recorder: the last score of each UTC day and the alerts, for the retention. */
class PartnerHistoryTest {

    /** Weights that make the score exactly 500 × the denied discount, to steer it (as PartnerSignalsTopologyTest). */
    private static final TopologySettings DISCOUNT_ONLY = TopologySettings.defaults().withIdleAdvance(false)
            .withModel(RiskModelConfig.defaults().withWeights(Map.of(
                    RiskModelConfig.SPONSORSHIP, 0.0, RiskModelConfig.RESPONSIVENESS, 0.0, RiskModelConfig.RECIPROCITY, 0.0,
                    RiskModelConfig.ATTRIBUTION, 0.0, RiskModelConfig.DIVERSION, 0.0, RiskModelConfig.PRICING_EXCLUSION, 1.0,
                    RiskModelConfig.MARGIN_EROSION, 0.0, RiskModelConfig.HARMFUL_ASK, 0.0)));

    @Test
    void keepsTheLastPublishedScoreOfEachUtcDayAndEveryAlert() {
        try (PipelineDriver p = new PipelineDriver(DISCOUNT_ONLY)) {
            p.send(promotion("start", "acme", 1, "promo", 100, 95, false)); // 25
            int n = 0;
            // several scores a day, GREEN to AMBER on day 3 and RED on day 5, back to GREEN on day 8
            double[] prices = {94, 93, 92, 91, 90, 89, 88, 87, 86, 85, 86, 87, 88, 90, 92, 94, 95};
            double d = 1;
            for (double price : prices) {
                d += 0.45;
                p.send(priceChange("c" + n++, "acme", d, "promo", 100, price));
            }
            List<RiskSnapshot> published = p.history.readValuesToList();
            List<RiskAlert> alerts = p.alerts.readValuesToList();
            assertThat(published.size()).isGreaterThan(10);
            assertThat(alerts).extracting(RiskAlert::getToBand).containsExactly(RiskBand.AMBER, RiskBand.RED,
                    RiskBand.AMBER, RiskBand.GREEN);

            Map<Long, RiskSnapshot> lastOfDay = new LinkedHashMap<>();
            published.forEach(s -> lastOfDay.put(HistoryValues.day(s.getComputedAt()), s));
            List<RiskSnapshot> points = history(p, "acme");
            assertThat(points).isEqualTo(new ArrayList<>(lastOfDay.values()));
            assertThat(points).hasSizeLessThan(published.size());

            List<RiskAlert> newestFirst = new ArrayList<>(alerts);
            java.util.Collections.reverse(newestFirst);
            assertThat(alertLog(p, "acme")).isEqualTo(newestFirst);
            assertThat(history(p, "nobody")).isEmpty();
            assertThat(alertLog(p, "nobody")).isEmpty();
        }
    }

    @Test
    void dropsPointsAndAlertsOlderThanTheRetentionBeforeTheLatestPoint() {
        try (PipelineDriver p = new PipelineDriver(DISCOUNT_ONLY.with(Map.of("history.retention", "10d")))) {
            p.send(promotion("start", "acme", 1, "promo", 100, 95, false)); // 25
            p.send(priceChange("amber", "acme", 1.5, "promo", 100, 90)); // 50: an alert on day 1
            for (int d = 2; d <= 30; d++) {
                p.send(priceChange("c" + d, "acme", d + 0.5, "promo", 100, d % 2 == 0 ? 91 : 92));
            }
            assertThat(p.alerts.readValuesToList()).hasSize(1);
            List<RiskSnapshot> points = history(p, "acme");
            Instant newest = points.get(points.size() - 1).getComputedAt();
            assertThat(newest).isEqualTo(day(30.5));
            assertThat(points).extracting(RiskSnapshot::getComputedAt).allMatch(t -> !t.isBefore(newest.minus(Duration.ofDays(10))));
            assertThat(points.get(0).getComputedAt()).isEqualTo(day(20.5));
            assertThat(points).hasSize(11);
            assertThat(alertLog(p, "acme")).isEmpty();
        }
    }

    @Test
    void aLatePointTakesItsDayUnlessThatDayHasALaterOne() {
        RiskSnapshot d1 = snapshot("2026-08-01T10:00:00Z", 20);
        RiskSnapshot d3 = snapshot("2026-08-03T10:00:00Z", 40);
        List<RiskSnapshot> points = List.of(d1, d3);
        RiskSnapshot d2 = snapshot("2026-08-02T23:00:00Z", 30);
        assertThat(PartnerHistory.withPoint(points, d2, Duration.ofDays(180).toMillis())).containsExactly(d1, d2, d3);
        RiskSnapshot d1Earlier = snapshot("2026-08-01T09:00:00Z", 25);
        assertThat(PartnerHistory.withPoint(points, d1Earlier, Duration.ofDays(180).toMillis())).containsExactly(d1, d3);
        RiskSnapshot d3Later = snapshot("2026-08-03T23:59:59Z", 45);
        assertThat(PartnerHistory.withPoint(points, d3Later, Duration.ofDays(180).toMillis())).containsExactly(d1, d3Later);
        // older than the retention before the newest point: dropped at once
        assertThat(PartnerHistory.withPoint(points, snapshot("2026-07-01T00:00:00Z", 5), Duration.ofDays(10).toMillis()))
                .containsExactly(d1, d3);
    }

    @Test
    void oneHundredEightyDaysOfOnePartnerStayCompact() {
        List<RiskSnapshot> points = new ArrayList<>();
        for (int d = 0; d < 180; d++) {
            RiskSnapshot s = snapshot(Instant.parse("2026-01-01T12:00:00Z").plus(Duration.ofDays(d)).toString(), d % 100);
            s.setResponsiveness(d / 180.0);
            points.add(s);
        }
        byte[] bytes = HistoryValues.encodeHistory(points);
        assertThat(bytes.length).isLessThan(180 * 96);
        assertThat(HistoryValues.decodeHistory("acme", bytes)).isEqualTo(points);
        RiskAlert alert = RiskAlert.newBuilder().setPartnerId("acme").setPartnerName("Acme").setAt(Instant.parse("2026-03-01T00:00:00Z"))
                .setFromBand(RiskBand.GREEN).setToBand(RiskBand.RED).setScore(70).setReasons(List.of("one", "two")).build();
        assertThat(HistoryValues.decodeAlerts("acme", HistoryValues.encodeAlerts(List.of(alert)))).containsExactly(alert);
    }

    private static RiskSnapshot snapshot(String at, int score) {
        return RiskSnapshot.newBuilder().setPartnerId("acme").setPartnerName("Acme").setComputedAt(Instant.parse(at))
                .setScore(score).setBand(score >= 60 ? "RED" : score >= 35 ? "AMBER" : "GREEN").setModelVersion("v1")
                .setSponsorship(0.1).setResponsiveness(0.2).setReciprocity(0.3).setAttribution(0.4).setDiversion(0.5)
                .setPricingExclusion(0.6).setMarginErosion(0.7).setHarmfulAsk(0.8).build();
    }

    private static List<RiskSnapshot> history(PipelineDriver p, String partnerId) {
        KeyValueStore<String, byte[]> store = p.driver.getKeyValueStore(PartnerSignalsTopology.HISTORY_STORE);
        return HistoryValues.decodeHistory(partnerId, store.get(partnerId));
    }

    private static List<RiskAlert> alertLog(PipelineDriver p, String partnerId) {
        KeyValueStore<String, byte[]> store = p.driver.getKeyValueStore(PartnerSignalsTopology.ALERT_LOG_STORE);
        return HistoryValues.decodeAlerts(partnerId, store.get(partnerId));
    }
}
