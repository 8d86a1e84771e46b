package io.partnersignals.topology;

import static io.partnersignals.topology.Events.day;
import static io.partnersignals.topology.Events.priceChange;
import static io.partnersignals.topology.Events.promotion;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.history.HistoryStores;
import io.partnersignals.history.HistoryValues;
import io.partnersignals.model.RiskModelConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
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
        try (PipelineDriver p = new PipelineDriver(DISCOUNT_ONLY.with(Map.of("history.retention", "10d",
                "model.deterioration.window", "7d", "model.deterioration.quiet-period", "7d")))) {
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
        RiskSnapshot d2 = snapshot("2026-08-02T23:00:00Z", 30);
        assertThat(recorded(Duration.ofDays(180), d1, d3, d2)).containsExactly(d1, d2, d3);
        RiskSnapshot d1Earlier = snapshot("2026-08-01T09:00:00Z", 25);
        assertThat(recorded(Duration.ofDays(180), d1, d3, d1Earlier)).containsExactly(d1, d3);
        RiskSnapshot d3Later = snapshot("2026-08-03T23:59:59Z", 45);
        assertThat(recorded(Duration.ofDays(180), d1, d3, d3Later)).containsExactly(d1, d3Later);
        // older than the retention before the newest point: dropped at once
        assertThat(recorded(Duration.ofDays(10), d1, d3, snapshot("2026-07-01T00:00:00Z", 5))).containsExactly(d1, d3);
    }

    @Test
    void aPublicationWritesOneEntryOfItsDayAndRetentionDeletesTheDaysItPasses() {
        Recorder r = new Recorder(Duration.ofDays(3));
        r.publish(snapshot("2026-08-01T10:00:00Z", 20), null);
        r.publish(snapshot("2026-08-02T10:00:00Z", 20), alert("2026-08-02T10:00:00Z"));
        r.publish(snapshot("2026-08-02T11:00:00Z", 21), null);
        assertThat(r.history.approximateNumEntries()).isEqualTo(2);
        assertThat(r.alerts.approximateNumEntries()).isEqualTo(1);
        // two alerts at one millisecond: both kept, the later first
        RiskAlert again = alert("2026-08-02T10:00:00Z");
        again.setScore(99);
        r.publish(snapshot("2026-08-02T12:00:00Z", 22), again);
        assertThat(HistoryStores.alerts(r.alerts, "acme", Long.MIN_VALUE)).extracting(RiskAlert::getScore)
                .containsExactly(99, 70);
        r.publish(snapshot("2026-08-04T10:30:00Z", 30), null); // 08-01 10:00 is past the retention
        assertThat(HistoryStores.points(r.history, "acme")).extracting(RiskSnapshot::getScore).containsExactly(22, 30);
        assertThat(r.alerts.approximateNumEntries()).isEqualTo(2);
        r.publish(snapshot("2026-08-05T12:30:00Z", 31), null); // 08-02 12:00 too, and the alerts with it
        assertThat(HistoryStores.points(r.history, "acme")).extracting(RiskSnapshot::getScore).containsExactly(30, 31);
        assertThat(r.alerts.approximateNumEntries()).isZero();
        // partners whose ids extend this one's or sort next to it stay apart
        r.publish("acme\u0000x", snapshot("2026-08-05T12:00:00Z", 50), alert("2026-08-05T12:00:00Z"));
        r.publish("acm", snapshot("2026-08-05T12:00:00Z", 51), alert("2026-08-05T12:00:00Z"));
        r.publish("acme\uffff", snapshot("2026-08-05T12:00:00Z", 52), null);
        r.publish("acmf", snapshot("2026-08-05T12:00:00Z", 53), null);
        assertThat(HistoryStores.points(r.history, "acme")).extracting(RiskSnapshot::getScore).containsExactly(30, 31);
        assertThat(HistoryStores.points(r.history, "acme\u0000x")).extracting(RiskSnapshot::getScore).containsExactly(50);
        assertThat(HistoryStores.points(r.history, "acm")).extracting(RiskSnapshot::getScore).containsExactly(51);
        assertThat(HistoryStores.alerts(r.alerts, "acme", Long.MIN_VALUE)).isEmpty();
        assertThat(HistoryStores.alerts(r.alerts, "acme\u0000x", Long.MIN_VALUE)).hasSize(1);
    }

    /**
     * The per-day layout keeps what the first version's one list per partner kept, for any order of
     * publications (late ones, several a day, alerts at one millisecond, retention passing): that
     * version's algorithm, on lists, is the reference.
     */
    @Test
    void keepsWhatTheOneListPerPartnerKept() {
        java.util.Random random = new java.util.Random(15);
        for (int run = 0; run < 300; run++) {
            Duration retention = Duration.ofHours(1 + random.nextInt(24 * 12));
            Recorder r = new Recorder(retention);
            List<RiskSnapshot> points = new ArrayList<>();
            List<RiskAlert> log = new ArrayList<>();
            Instant t = Instant.parse("2026-08-01T00:00:00Z");
            for (int i = 0; i < 60; i++) {
                t = t.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
                Instant at = random.nextInt(6) == 0 ? t.minus(Duration.ofHours(random.nextInt(24 * 20))) : t;
                RiskSnapshot point = snapshot(at.toString(), random.nextInt(100));
                point.setPartnerName("Acme " + random.nextInt(3));
                RiskAlert alert = null;
                if (random.nextInt(3) == 0) {
                    alert = alert(random.nextBoolean() || log.isEmpty() ? at.toString() : log.get(0).getAt().toString());
                    alert.setScore(random.nextInt(100));
                    alert.setPartnerName(point.getPartnerName());
                }
                r.publish(point, alert);
                // the first version: withPoint, then the alerts when one came or the history's start moved
                Instant oldestBefore = points.isEmpty() ? null : points.get(0).getComputedAt();
                points = withPoint(points, point, retention.toMillis());
                if (alert != null || oldestBefore != null && points.get(0).getComputedAt().isAfter(oldestBefore)) {
                    long newest = points.get(points.size() - 1).getComputedAt().toEpochMilli();
                    log = withAlert(log, alert, newest - retention.toMillis());
                }
                assertThat(HistoryStores.points(r.history, "acme")).as("run %d, publication %d", run, i)
                        .isEqualTo(named(points, points.get(points.size() - 1).getPartnerName()));
                String alertName = log.isEmpty() ? null : log.get(0).getPartnerName();
                List<RiskAlert> expected = log.stream().map(a -> RiskAlert.newBuilder(a).setPartnerName(alertName).build())
                        .toList();
                assertThat(HistoryStores.alerts(r.alerts, "acme", Long.MIN_VALUE)).as("run %d, publication %d", run, i)
                        .isEqualTo(expected);
            }
        }
    }

    private static List<RiskSnapshot> named(List<RiskSnapshot> points, String name) {
        return points.stream().map(p -> RiskSnapshot.newBuilder(p).setPartnerName(name).build()).toList();
    }

    /** The first version's list of points (PartnerHistory.withPoint of commit de1cf42). */
    static List<RiskSnapshot> withPoint(List<RiskSnapshot> points, RiskSnapshot point, long retentionMillis) {
        List<RiskSnapshot> out = new ArrayList<>(points.size() + 1);
        long day = HistoryValues.day(point.getComputedAt());
        boolean placed = false;
        for (RiskSnapshot p : points) {
            long d = HistoryValues.day(p.getComputedAt());
            if (!placed && d == day) {
                out.add(p.getComputedAt().isAfter(point.getComputedAt()) ? p : point);
                placed = true;
            } else {
                if (!placed && d > day) {
                    out.add(point);
                    placed = true;
                }
                out.add(p);
            }
        }
        if (!placed) {
            out.add(point);
        }
        long newest = out.get(out.size() - 1).getComputedAt().toEpochMilli();
        long cutoff = newest - retentionMillis;
        out.removeIf(p -> p.getComputedAt().toEpochMilli() < cutoff);
        return out;
    }

    /** The first version's alert log (PartnerHistory.withAlert of commit de1cf42). */
    static List<RiskAlert> withAlert(List<RiskAlert> log, RiskAlert alert, long cutoff) {
        List<RiskAlert> out = new ArrayList<>(log.size() + 1);
        boolean placed = alert == null;
        for (RiskAlert a : log) {
            if (!placed && !a.getAt().isAfter(alert.getAt())) {
                out.add(alert);
                placed = true;
            }
            out.add(a);
        }
        if (!placed) {
            out.add(alert);
        }
        out.removeIf(a -> a.getAt().toEpochMilli() < cutoff);
        return out;
    }

    @Test
    void keysSortByTimeForEveryInstant() {
        long[] times = {Long.MIN_VALUE, -86_400_000L * 400, -1, 0, 1, Instant.parse("2026-08-01T00:00:00Z").toEpochMilli(),
                Instant.parse("+12026-01-01T00:00:00Z").toEpochMilli(), Long.MAX_VALUE};
        for (int i = 1; i < times.length; i++) {
            assertThat(HistoryValues.alertKey("acme", times[i - 1]).compareTo(HistoryValues.alertKey("acme", times[i])))
                    .isNegative();
            assertThat(HistoryValues.keyTime(HistoryValues.alertKey("acme", times[i]), "acme")).isEqualTo(times[i]);
        }
        Bytes base = HistoryValues.alertKey("acme", 5);
        assertThat(base.compareTo(HistoryValues.alertKey(base, 1))).isNegative();
        assertThat(HistoryValues.alertKey(base, 1).compareTo(HistoryValues.alertKey(base, 2))).isNegative();
        assertThat(HistoryValues.alertKey(base, 2).compareTo(HistoryValues.alertKeyEnd(base))).isNegative();
        assertThat(HistoryValues.alertKeyEnd(HistoryValues.alertKey("acme", Long.MAX_VALUE))
                .compareTo(HistoryValues.prefixEnd("acme"))).isNegative();
        assertThat(HistoryValues.alertSeq(HistoryValues.alertKey(base, 7), "acme")).isEqualTo(7);
        assertThat(HistoryValues.alertSeq(base, "acme")).isZero();
    }

    @Test
    void aPointIsAnEntryOfAboutNinetyBytes() {
        for (int d = 0; d < 180; d++) {
            RiskSnapshot s = snapshot(Instant.parse("2026-01-01T12:00:00Z").plus(Duration.ofDays(d)).toString(), d % 100);
            s.setResponsiveness(d / 180.0);
            byte[] bytes = HistoryValues.encodePoint(s);
            assertThat(bytes.length).isLessThan(104);
            assertThat(HistoryValues.decodePoint("acme", bytes)).isEqualTo(s);
            assertThat(HistoryValues.pointTime(bytes)).isEqualTo(s.getComputedAt().toEpochMilli());
        }
        RiskAlert alert = alert("2026-03-01T00:00:00Z");
        assertThat(HistoryValues.decodeAlert("acme", HistoryValues.encodeAlert(alert))).isEqualTo(alert);
    }

    private static RiskSnapshot snapshot(String at, int score) {
        return RiskSnapshot.newBuilder().setPartnerId("acme").setPartnerName("Acme").setComputedAt(Instant.parse(at))
                .setScore(score).setBand(score >= 60 ? "RED" : score >= 35 ? "AMBER" : "GREEN").setModelVersion("v1")
                .setSponsorship(0.1).setResponsiveness(0.2).setReciprocity(0.3).setAttribution(0.4).setDiversion(0.5)
                .setPricingExclusion(0.6).setMarginErosion(0.7).setHarmfulAsk(0.8).build();
    }


    private static RiskAlert alert(String at) {
        return RiskAlert.newBuilder().setPartnerId("acme").setPartnerName("Acme").setAt(Instant.parse(at))
                .setFromBand(RiskBand.GREEN).setToBand(RiskBand.RED).setScore(70).setReasons(List.of("one", "two")).build();
    }

    private static List<RiskSnapshot> history(PipelineDriver p, String partnerId) {
        KeyValueStore<Bytes, byte[]> store = p.driver.getKeyValueStore(PartnerSignalsTopology.HISTORY_STORE);
        return HistoryStores.points(store, partnerId);
    }

    private static List<RiskAlert> alertLog(PipelineDriver p, String partnerId) {
        KeyValueStore<Bytes, byte[]> store = p.driver.getKeyValueStore(PartnerSignalsTopology.ALERT_LOG_STORE);
        return HistoryStores.alerts(store, partnerId, Long.MIN_VALUE);
    }

    /** The points kept after publishing {@code points} in this order. */
    private static List<RiskSnapshot> recorded(Duration retention, RiskSnapshot... points) {
        Recorder r = new Recorder(retention);
        for (RiskSnapshot p : points) {
            r.publish(p, null);
        }
        return HistoryStores.points(r.history, "acme");
    }

    /** The partner-history-recorder on its own, with in-memory stores. */
    private static final class Recorder {
        final KeyValueStore<Bytes, byte[]> history = store(PartnerSignalsTopology.HISTORY_STORE);
        final KeyValueStore<Bytes, byte[]> alerts = store(PartnerSignalsTopology.ALERT_LOG_STORE);
        final PartnerHistory processor;

        Recorder(Duration retention) {
            MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
            history.init(context.getStateStoreContext(), history);
            alerts.init(context.getStateStoreContext(), alerts);
            context.addStateStore(history);
            context.addStateStore(alerts);
            processor = new PartnerHistory(PartnerSignalsTopology.HISTORY_STORE, PartnerSignalsTopology.ALERT_LOG_STORE,
                    retention);
            processor.init(context);
        }

        void publish(RiskSnapshot point, RiskAlert alert) {
            publish("acme", point, alert);
        }

        void publish(String partnerId, RiskSnapshot point, RiskAlert alert) {
            processor.process(new Record<>(partnerId, new Scored(null, null, point, alert == null ? List.of() : List.of(alert)),
                    point.getComputedAt().toEpochMilli()));
        }

        private static KeyValueStore<Bytes, byte[]> store(String name) {
            return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingDisabled().build();
        }
    }
}
