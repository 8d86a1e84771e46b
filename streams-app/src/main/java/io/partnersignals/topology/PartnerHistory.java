package io.partnersignals.topology;

import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.history.HistoryValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps what the page draws a partner's past from: for each UTC day the last score published that day
 * ({@link RiskSnapshot}: score, band and factor values), and the partner's alerts with their kind, both for
 * the history retention before the partner's latest score. {@link PartnerScoring} reads both back for early
 * warning ({@link EarlyWarning}): the score of the deterioration window earlier, and the last DETERIORATING
 * alert. It follows the scores that {@link PartnerScoring} forwards
 * to the history and alert topics, in the same task, so the instance that holds a partner's latest score
 * holds its history too.
 *
 * <p>One store entry per partner and day, and per alert ({@link HistoryValues}), so a publication writes
 * what it changed: one point (about 110 bytes with its key), not the partner's whole history; none when
 * the day already holds a later point. Retention, by the event time of the newest point: a point older
 * than that before the newest is deleted when a publication is written (a scan from the partner's first
 * key, usually finding none or one), a late point that old is not written; alerts likewise, when an alert
 * is written or the history's oldest point moved.
 */
final class PartnerHistory implements Processor<String, Scored, Void, Void> {

    private final String historyStoreName;
    private final String alertStoreName;
    private final long retention;
    private KeyValueStore<Bytes, byte[]> history;
    private KeyValueStore<Bytes, byte[]> alerts;

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
        RiskSnapshot point = record.value().snapshot();
        List<RiskAlert> raised = record.value().alerts();
        Bytes from = HistoryValues.prefix(partnerId);
        Bytes to = HistoryValues.prefixEnd(partnerId);
        long t = point.getComputedAt().toEpochMilli();
        long day = HistoryValues.day(point.getComputedAt());

        long newest = t;
        try (KeyValueIterator<Bytes, byte[]> it = history.reverseRange(from, to)) {
            if (it.hasNext()) {
                newest = Math.max(newest, HistoryValues.pointTime(it.next().value));
            }
        }
        long cutoff = cutoff(newest);

        // the points the retention drops: from the partner's first day until one is kept
        List<Bytes> dropped = new ArrayList<>();
        Long oldestBefore = null;
        Long firstKept = null;
        long firstKeptDay = 0;
        try (KeyValueIterator<Bytes, byte[]> it = history.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                long at = HistoryValues.pointTime(e.value);
                if (oldestBefore == null) {
                    oldestBefore = at;
                }
                if (at >= cutoff) {
                    firstKept = at;
                    firstKeptDay = HistoryValues.keyTime(e.key, partnerId);
                    break;
                }
                dropped.add(e.key);
            }
        }
        dropped.forEach(history::delete);

        // the point takes its day unless the day holds a later one; a point older than the retention is not kept
        boolean stored = false;
        if (t >= cutoff) {
            Bytes key = HistoryValues.dayKey(partnerId, day);
            byte[] existing = history.get(key);
            if (existing == null || HistoryValues.pointTime(existing) <= t) {
                history.put(key, HistoryValues.encodePoint(point));
                stored = true;
            }
        }

        long oldestAfter = firstKept == null ? Long.MAX_VALUE : stored && firstKeptDay == day ? t : firstKept;
        if (stored) {
            oldestAfter = Math.min(oldestAfter, t);
        }
        boolean startMoved = oldestBefore != null && oldestAfter > oldestBefore;
        if (!raised.isEmpty() || startMoved) {
            // the alert log is touched only when it gains an alert or the history's start moved (about once a day)
            for (RiskAlert alert : raised) {
                if (alert.getAt().toEpochMilli() >= cutoff) {
                    putAlert(partnerId, alert);
                }
            }
            List<Bytes> old = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = alerts.range(from, to)) {
                while (it.hasNext()) {
                    Bytes key = it.next().key;
                    if (HistoryValues.keyTime(key, partnerId) >= cutoff) {
                        break;
                    }
                    old.add(key);
                }
            }
            old.forEach(alerts::delete);
        }
    }

    /** One entry per alert; a later alert at the same millisecond as kept ones gets the next sequence number. */
    private void putAlert(String partnerId, RiskAlert alert) {
        Bytes base = HistoryValues.alertKey(partnerId, alert.getAt().toEpochMilli());
        Bytes key = base;
        try (KeyValueIterator<Bytes, byte[]> it = alerts.reverseRange(base, HistoryValues.alertKeyEnd(base))) {
            if (it.hasNext()) {
                key = HistoryValues.alertKey(base, HistoryValues.alertSeq(it.next().key, partnerId) + 1);
            }
        }
        alerts.put(key, HistoryValues.encodeAlert(alert));
    }

    private long cutoff(long newest) {
        return newest - retention > newest ? Long.MIN_VALUE : newest - retention;
    }
}
