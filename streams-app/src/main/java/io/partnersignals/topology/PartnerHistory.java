package io.partnersignals.topology;

import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.history.HistoryValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps what the page draws a partner's past from: for each UTC day the last score published that day
 * ({@link RiskSnapshot}: score, band and factor values), and the partner's alerts, both for the history
 * retention before the partner's latest score. It follows the scores that {@link PartnerScoring} forwards
 * to the history and alert topics, in the same task, so the instance that holds a partner's latest score
 * holds its history too.
 *
 * <p>One store entry per partner and store, keyed by partner id: the points oldest first, the alerts
 * newest first. Each is a compact binary list ({@link HistoryValues}): the partner
 * id is the key and its name is written once, so a point is about 80 bytes and 180 days about 14 KB.
 * Points older than the retention (by the event time of the newest point) are dropped on write, and the
 * alerts with them.
 */
final class PartnerHistory implements Processor<String, Scored, Void, Void> {

    private final String historyStoreName;
    private final String alertStoreName;
    private final long retention;
    private KeyValueStore<String, byte[]> history;
    private KeyValueStore<String, byte[]> alerts;

    PartnerHistory(String historyStore, String alertStore, Duration retention) {
        this.historyStoreName = historyStore;
        this.alertStoreName = alertStore;
        this.retention = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.history = context.getStateStore(historyStoreName);
        this.alerts = context.getStateStore(alertStoreName);
    }

    @Override
    public void process(Record<String, Scored> record) {
        String partnerId = record.key();
        Scored scored = record.value();
        List<RiskSnapshot> before = HistoryValues.decodeHistory(partnerId, history.get(partnerId));
        Instant oldestBefore = before.isEmpty() ? null : before.get(0).getComputedAt();
        List<RiskSnapshot> points = withPoint(before, scored.snapshot(), retention);
        history.put(partnerId, HistoryValues.encodeHistory(points));
        boolean dropped = oldestBefore != null && !points.isEmpty() && points.get(0).getComputedAt().isAfter(oldestBefore);
        if (scored.alert() != null || dropped) {
            // the alert log is read only when it gains an alert or the history's start moved (about once a day)
            long cutoff = points.isEmpty() ? Long.MIN_VALUE : cutoff(points.get(points.size() - 1).getComputedAt());
            List<RiskAlert> log = HistoryValues.decodeAlerts(partnerId, alerts.get(partnerId));
            List<RiskAlert> kept = withAlert(log, scored.alert(), cutoff);
            if (!kept.equals(log)) {
                if (kept.isEmpty()) {
                    alerts.delete(partnerId);
                } else {
                    alerts.put(partnerId, HistoryValues.encodeAlerts(kept));
                }
            }
        }
    }

    private long cutoff(Instant newest) {
        long t = newest.toEpochMilli();
        return t - retention > t ? Long.MIN_VALUE : t - retention;
    }

    /**
     * The points (oldest first, one per UTC day) with {@code point} in its day: it replaces the day's
     * point unless that one is later; then points older than {@code retentionMillis} before the newest are dropped.
     */
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
        long cutoff = newest - retentionMillis > newest ? Long.MIN_VALUE : newest - retentionMillis;
        out.removeIf(p -> p.getComputedAt().toEpochMilli() < cutoff);
        return out;
    }

    /** The alerts (newest first) with {@code alert} (null: none) in its place, without those before {@code cutoff}. */
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
}
