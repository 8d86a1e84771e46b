package io.partnersignals.topology;

import static io.partnersignals.topology.Events.partner;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.history.HistoryStores;
import io.partnersignals.model.RiskModelConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Early warning: a DETERIORATING alert when a publication's score is at least 15 points above the partner's
 * last score published at or before the end of the UTC day 30 days earlier, at most one per 30 days.
 * Scores are steered through one promotion we are excluded from: with only pricing exclusion weighted, the
 * score is 500 × the denied discount.
 */
class EarlyWarningTest {

    private static final TopologySettings DISCOUNT_ONLY = TopologySettings.defaults().withIdleAdvance(false)
            .withModel(RiskModelConfig.defaults().withWeights(Map.of(
                    RiskModelConfig.SPONSORSHIP, 0.0, RiskModelConfig.RESPONSIVENESS, 0.0, RiskModelConfig.RECIPROCITY, 0.0,
                    RiskModelConfig.ATTRIBUTION, 0.0, RiskModelConfig.DIVERSION, 0.0, RiskModelConfig.PRICING_EXCLUSION, 1.0,
                    RiskModelConfig.MARGIN_EROSION, 0.0, RiskModelConfig.HARMFUL_ASK, 0.0)));
    /** Midnight UTC of day D, the day of the publications checked. */
    private static final Instant D = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void aScorePublishedAtTheLastMillisecondOfDayDMinus30CountsOneAtMidnightOfDayDMinus29DoesNot() {
        try (Partner p = new Partner(DISCOUNT_ONLY)) {
            p.score(D.minus(days(40)), 20);
            p.score(D.minus(days(29)).minusMillis(1), 10); // 23:59:59.999 of D-30
            p.score(D.minus(days(29)), 30);                // 00:00 of D-29
            p.score(D.plus(Duration.ofHours(12)), 25);
            List<RiskAlert> alerts = p.alerts();
            assertThat(alerts).extracting(RiskAlert::getKind).containsExactly(AlertKind.DETERIORATING);
            assertThat(alerts.get(0).getReasons().get(0)).startsWith("The score rose from 10 to 25 in 30 days");
        }
        try (Partner p = new Partner(DISCOUNT_ONLY)) {
            p.score(D.minus(days(40)), 20);
            p.score(D.minus(days(29)), 10); // 00:00 of D-29: too recent, the score of D-40 is the one
            p.score(D.plus(Duration.ofHours(12)), 25);
            assertThat(p.alerts()).isEmpty();
        }
    }

    @Test
    void theLatestPointAtOrBeforeDayDMinus30IsTheOneCompared() {
        try (Partner p = new Partner(DISCOUNT_ONLY)) {
            p.score(D.minus(days(45)), 2);
            p.score(D.minus(days(31)).plus(Duration.ofHours(8)), 14);
            p.score(D.minus(days(31)).plus(Duration.ofHours(20)), 11); // the last of day D-31: the day's point
            p.score(D.minus(days(20)), 30);
            p.score(D.plus(Duration.ofHours(1)), 26);
            List<RiskAlert> alerts = p.alerts();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getReasons().get(0))
                    .isEqualTo("The score rose from 11 to 26 in 31 days: pricingExclusion +15.");
        }
    }

    @Test
    void fifteenPointsRaiseAnAlertFourteenDoNot() {
        try (Partner p = new Partner(DISCOUNT_ONLY)) {
            p.score(D.minus(days(30)), 10);
            p.score(D.plus(Duration.ofHours(1)), 24);
            assertThat(p.alerts()).isEmpty();
            p.score(D.plus(Duration.ofHours(2)), 25);
            List<RiskAlert> alerts = p.alerts();
            assertThat(alerts).hasSize(1);
            RiskAlert a = alerts.get(0);
            assertThat(a.getKind()).isEqualTo(AlertKind.DETERIORATING);
            assertThat(a.getScore()).isEqualTo(25);
            assertThat(a.getAt()).isEqualTo(D.plus(Duration.ofHours(2)));
            assertThat(a.getFromBand()).isEqualTo(RiskBand.GREEN);
            assertThat(a.getToBand()).isEqualTo(RiskBand.GREEN);
            assertThat(a.getPartnerName()).isEqualTo("Acme");
            assertThat(a.getReasons()).hasSize(2);
            assertThat(a.getReasons().get(0)).isEqualTo("The score rose from 10 to 25 in 30 days: pricingExclusion +15.");
            assertThat(a.getReasons().get(1)).isEqualTo(p.lastRisk().getReasons().get(0));
        }
    }

    @Test
    void noAlertWithoutAScoreThirtyDaysOld() {
        try (Partner p = new Partner(DISCOUNT_ONLY)) {
            p.score(D.minus(days(29)), 2);
            p.score(D.plus(Duration.ofHours(1)), 33);
            assertThat(p.alerts()).isEmpty();
        }
    }

    @Test
    void afterAnAlertNoOtherForThirtyDays() {
        Instant first = D.minus(days(30)).plus(Duration.ofHours(12));
        try (Partner p = new Partner(DISCOUNT_ONLY)) {
            p.score(D.minus(days(60)), 2);
            p.score(first, 17);
            assertThat(p.alerts()).extracting(RiskAlert::getAt).containsExactly(first);
            p.score(first.plus(days(29)), 18); // 16 above the score of day D-60: quiet
            p.score(first.plus(days(30)).minusMillis(1), 33); // 16 above the first alert's day: still quiet
            assertThat(p.alerts()).isEmpty();
            p.score(first.plus(days(30)), 34); // the quiet period is over
            List<RiskAlert> alerts = p.alerts();
            assertThat(alerts).extracting(RiskAlert::getKind).containsExactly(AlertKind.DETERIORATING);
            assertThat(alerts.get(0).getReasons().get(0)).startsWith("The score rose from 17 to 34 in 30 days");
            assertThat(p.alertLog()).extracting(RiskAlert::getKind)
                    .containsExactly(AlertKind.DETERIORATING, AlertKind.DETERIORATING);
        }
    }

    @Test
    void aBandChangeAndADeteriorationAtOnePublicationAreTwoAlertsBandChangeFirst() {
        try (Partner p = new Partner(DISCOUNT_ONLY)) {
            p.score(D.minus(days(30)), 20);
            p.score(D, 45);
            List<RiskAlert> alerts = p.alerts();
            assertThat(alerts).extracting(RiskAlert::getKind).containsExactly(AlertKind.BAND_CHANGE, AlertKind.DETERIORATING);
            assertThat(alerts).extracting(RiskAlert::getFromBand).containsExactly(RiskBand.GREEN, RiskBand.GREEN);
            assertThat(alerts).extracting(RiskAlert::getToBand).containsExactly(RiskBand.AMBER, RiskBand.AMBER);
            assertThat(alerts.get(1).getReasons().get(0)).isEqualTo("The score rose from 20 to 45 in 30 days: pricingExclusion +25.");
            assertThat(alerts.get(1).getReasons().subList(1, alerts.get(1).getReasons().size()))
                    .isEqualTo(alerts.get(0).getReasons());
            // the page's log: newest first, of two at one millisecond the later first
            assertThat(p.alertLog()).extracting(RiskAlert::getKind).containsExactly(AlertKind.DETERIORATING, AlertKind.BAND_CHANGE);
        }
    }

    @Test
    void alertsAreCountedByKind() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (PipelineDriver driver = new PipelineDriver(DISCOUNT_ONLY, new ScoringMetrics(registry), new java.util.Properties())) {
            driver.partners.pipeInput("acme", partner("acme", "Acme"));
            driver.send(promotion("acme", D.minus(days(31)), 20));
            driver.send(price("acme", 1, D, 45));
        }
        assertThat(registry.get("partner_signals_alerts_raised").tag("kind", "BAND_CHANGE").tag("to_band", "AMBER")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("partner_signals_alerts_raised").tag("kind", "DETERIORATING").tag("to_band", "AMBER")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void aReceiverGetsBothAlertsInTheOrderTheTopicGetsThem() {
        List<RiskAlert> received = new ArrayList<>();
        ScoreReceiver receiver = (risk, snapshot, alerts) -> received.addAll(alerts);
        try (PipelineDriver driver = new PipelineDriver(DISCOUNT_ONLY, PipelineDriver.WALL_CLOCK, receiver)) {
            driver.partners.pipeInput("acme", partner("acme", "Acme"));
            driver.send(promotion("acme", D.minus(days(31)), 20));
            driver.send(price("acme", 1, D, 45));
        }
        assertThat(received).extracting(RiskAlert::getKind).containsExactly(AlertKind.BAND_CHANGE, AlertKind.DETERIORATING);
    }

    /**
     * With a publish interval and a flush after every event, live publishes what replay (a receiver, every change)
     * publishes, and raises the same alerts of both kinds.
     */
    @Test
    void replayAndACoalescedLiveRunRaiseTheSameAlertsWhenTheirPublicationsCoincide() {
        List<PricingEvent> events = wanderingPrices(new Random(3), 4, 160);
        List<String> replay = new ArrayList<>();
        ScoreReceiver receiver = (risk, snapshot, alerts) -> alerts.forEach(a -> replay.add(a.toString()));
        try (PipelineDriver driver = new PipelineDriver(DISCOUNT_ONLY.withStateStorage(TopologySettings.StateStorage.EPHEMERAL),
                PipelineDriver.WALL_CLOCK, receiver)) {
            events.forEach(driver::send);
        }
        List<String> live = new ArrayList<>();
        Duration interval = Duration.ofSeconds(1);
        try (PipelineDriver driver = new PipelineDriver(DISCOUNT_ONLY.withPublishInterval(interval))) {
            Instant wall = PipelineDriver.WALL_CLOCK;
            for (PricingEvent e : events) {
                driver.send(e);
                wall = wall.plus(interval);
                driver.advanceWallClockTo(wall);
            }
            driver.alerts.readValuesToList().forEach(a -> live.add(a.toString()));
        }
        assertThat(replay).anyMatch(a -> a.contains("DETERIORATING")).anyMatch(a -> a.contains("BAND_CHANGE"));
        assertThat(live).isEqualTo(replay);
    }

    /** Each partner's promotion, then a price a day for {@code days} days, drifting with now and then a jump. */
    private static List<PricingEvent> wanderingPrices(Random random, int partners, int days) {
        List<PricingEvent> events = new ArrayList<>();
        Instant start = D.minus(days(days));
        int[] scores = new int[partners];
        for (int p = 0; p < partners; p++) {
            scores[p] = 10;
            events.add(promotion("p" + p, start.plus(Duration.ofMinutes(p)), scores[p]));
        }
        for (int d = 1; d <= days; d++) {
            for (int p = 0; p < partners; p++) {
                int step = random.nextInt(10) == 0 ? 20 : random.nextInt(7) - 3;
                scores[p] = Math.max(0, Math.min(90, scores[p] + step));
                if (scores[p] >= 70) {
                    scores[p] = 10;
                }
                Instant at = start.plus(days(d)).plus(Duration.ofMinutes(random.nextInt(600) + p));
                events.add(price("p" + p, d, at, scores[p]));
            }
        }
        events.sort(java.util.Comparator.comparing(PricingEvent::getOccurredAt));
        return events;
    }

    private static Duration days(long n) {
        return Duration.ofDays(n);
    }

    /** The promotion that excludes us, priced for {@code score}. */
    static PricingEvent promotion(String partnerId, Instant at, int score) {
        return PricingEvent.newBuilder().setEventId(partnerId + "-start").setPartnerId(partnerId).setOccurredAt(at)
                .setType(PricingEventType.PROMOTION_STARTED).setPromotionId(partnerId + "-promo").setSku("GPU-NODE")
                .setListPrice(100.0).setPromoPrice(priceFor(score)).setEligibleForUs(false).build();
    }

    /** A new price of the promotion, for {@code score}. */
    static PricingEvent price(String partnerId, int n, Instant at, int score) {
        return PricingEvent.newBuilder().setEventId(partnerId + "-price-" + n).setPartnerId(partnerId).setOccurredAt(at)
                .setType(PricingEventType.PRICE_CHANGED).setPromotionId(partnerId + "-promo").setListPrice(100.0)
                .setPromoPrice(priceFor(score)).build();
    }

    /** The score is 500 × the denied discount: 100 − score / 5 of a list price of 100. */
    private static double priceFor(int score) {
        return 100.0 - score / 5.0;
    }

    /** One partner, "acme", whose score is set event by event. */
    private static final class Partner implements AutoCloseable {
        private final PipelineDriver driver;
        private int events;
        private io.partnersignals.contract.PartnerRisk lastRisk;

        Partner(TopologySettings settings) {
            driver = new PipelineDriver(settings);
            driver.partners.pipeInput("acme", partner("acme", "Acme"));
        }

        /** Moves the score to {@code score} at {@code at} and checks that it was published. */
        void score(Instant at, int score) {
            driver.send(events++ == 0 ? promotion("acme", at, score) : price("acme", events, at, score));
            List<io.partnersignals.contract.PartnerRisk> published = driver.risk.readValuesToList();
            assertThat(published).as("published at %s", at).hasSize(1);
            lastRisk = published.get(0);
            assertThat(lastRisk.getScore()).isEqualTo(score);
        }

        io.partnersignals.contract.PartnerRisk lastRisk() {
            return lastRisk;
        }

        /** The alerts published since the last call, in order. */
        List<RiskAlert> alerts() {
            return driver.alerts.readValuesToList();
        }

        /** The partner's alert log, newest first. */
        List<RiskAlert> alertLog() {
            KeyValueStore<Bytes, byte[]> store = driver.driver.getKeyValueStore(PartnerSignalsTopology.ALERT_LOG_STORE);
            return HistoryStores.alerts(store, "acme", Long.MIN_VALUE);
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
