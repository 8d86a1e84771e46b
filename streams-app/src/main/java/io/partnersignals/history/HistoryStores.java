package io.partnersignals.history;

import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads one partner's entries of the history stores ({@link HistoryValues}) by a range scan over its
 * key prefix. Every point and alert is given the partner name of the newest one (a partner's name as
 * the history shows it is its latest).
 */
public final class HistoryStores {

    private HistoryStores() {
    }

    /** The partner's daily points, oldest first; empty when it has none. */
    public static List<RiskSnapshot> points(ReadOnlyKeyValueStore<Bytes, byte[]> history, String partnerId) {
        List<RiskSnapshot> points = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = history.range(HistoryValues.prefix(partnerId),
                HistoryValues.prefixEnd(partnerId))) {
            while (it.hasNext()) {
                points.add(HistoryValues.decodePoint(partnerId, it.next().value));
            }
        }
        if (!points.isEmpty()) {
            String name = points.get(points.size() - 1).getPartnerName();
            points.forEach(p -> p.setPartnerName(name));
        }
        return points;
    }

    /** The partner's oldest daily point, or null. */
    public static RiskSnapshot oldestPoint(ReadOnlyKeyValueStore<Bytes, byte[]> history, String partnerId) {
        try (KeyValueIterator<Bytes, byte[]> it = history.range(HistoryValues.prefix(partnerId),
                HistoryValues.prefixEnd(partnerId))) {
            return it.hasNext() ? HistoryValues.decodePoint(partnerId, it.next().value) : null;
        }
    }

    /** The partner's newest daily point, or null. */
    public static RiskSnapshot newestPoint(ReadOnlyKeyValueStore<Bytes, byte[]> history, String partnerId) {
        try (KeyValueIterator<Bytes, byte[]> it = history.reverseRange(HistoryValues.prefix(partnerId),
                HistoryValues.prefixEnd(partnerId))) {
            return it.hasNext() ? HistoryValues.decodePoint(partnerId, it.next().value) : null;
        }
    }

    /** The partner's alerts at or after {@code fromMillis}, newest first (of those at one millisecond, the later kept first). */
    public static List<RiskAlert> alerts(ReadOnlyKeyValueStore<Bytes, byte[]> alertLog, String partnerId, long fromMillis) {
        List<RiskAlert> alerts = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = alertLog.reverseRange(HistoryValues.prefix(partnerId),
                HistoryValues.prefixEnd(partnerId))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                if (HistoryValues.keyTime(e.key, partnerId) < fromMillis) {
                    break;
                }
                alerts.add(HistoryValues.decodeAlert(partnerId, e.value));
            }
        }
        if (!alerts.isEmpty()) {
            String name = alerts.get(0).getPartnerName();
            alerts.forEach(a -> a.setPartnerName(name));
        }
        return alerts;
    }
}
