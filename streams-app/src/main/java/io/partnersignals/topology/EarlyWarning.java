package io.partnersignals.topology;

import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.history.HistoryValues;
import io.partnersignals.model.AssessedFactor;
import io.partnersignals.model.Assessment;
import io.partnersignals.model.RiskModel;
import io.partnersignals.model.RiskModelConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Early warning (docs/design.md, "Risk model v2"): a DETERIORATING alert when a publication's score is at
 * least model.deterioration.points above the partner's last score published at or before the end of the
 * UTC day model.deterioration.window earlier, unless the partner had a DETERIORATING alert within
 * model.deterioration.quiet-period.
 *
 * <p>The earlier score comes from the partner-history store (the last published score of each UTC day),
 * the quiet period from the partner-alert-log store, both written by {@link PartnerHistory} for every
 * publication before the next one is made. A publication costs one reverse range read of the history (its
 * first entry is the point wanted), and one of the alert log's last quiet period only when the score rose
 * enough. A point older than history.retention before the publication does not count: the history does not
 * keep it, and whether it is still in the store depends on when the partner last published.
 */
final class EarlyWarning {

    private static final long DAY_MILLIS = 86_400_000L;
    /** At most this many factors are named in the alert's first reason. */
    static final int MAX_NAMED_FACTORS = 3;

    private final KeyValueStore<Bytes, byte[]> history;
    private final KeyValueStore<Bytes, byte[]> alertLog;
    private final long retention;

    EarlyWarning(KeyValueStore<Bytes, byte[]> history, KeyValueStore<Bytes, byte[]> alertLog, Duration retention) {
        this.history = history;
        this.alertLog = alertLog;
        this.retention = retention.toMillis();
    }

    /** The DETERIORATING alert that the publication of {@code risk} (assessed as {@code assessment}) raises, or null. */
    RiskAlert check(RiskModel model, PartnerRisk risk, Assessment assessment) {
        RiskModelConfig config = model.config();
        String partnerId = risk.getPartnerId();
        long at = risk.getComputedAt().toEpochMilli();
        byte[] point = earlierPoint(partnerId, at, config.deteriorationWindow());
        // most publications end here, having decoded only the earlier point's time and score
        if (point == null || risk.getScore() - HistoryValues.pointScore(point) < config.deteriorationPoints()
                || inQuietPeriod(partnerId, at, config.deteriorationQuietPeriod())) {
            return null;
        }
        RiskSnapshot earlier = HistoryValues.decodePoint(partnerId, point);
        List<String> reasons = new ArrayList<>(risk.getReasons().size() + 1);
        reasons.add(sentence(earlier, risk, assessment));
        reasons.addAll(risk.getReasons());
        return RiskAlert.newBuilder()
                .setPartnerId(partnerId)
                .setPartnerName(risk.getPartnerName())
                .setAt(risk.getComputedAt())
                .setFromBand(model.bandOf(earlier.getScore()))
                .setToBand(risk.getBand())
                .setScore(risk.getScore())
                .setReasons(reasons)
                .setKind(AlertKind.DETERIORATING)
                .build();
    }

    /** The partner's latest daily point (its store value) whose UTC day is at most the publication's day minus the window, or null. */
    private byte[] earlierPoint(String partnerId, long at, Duration window) {
        long lastDay = Math.floorDiv(at, DAY_MILLIS) - window.toDays();
        try (KeyValueIterator<Bytes, byte[]> it = history.reverseRange(HistoryValues.prefix(partnerId),
                HistoryValues.dayKey(partnerId, lastDay))) {
            if (!it.hasNext()) {
                return null;
            }
            byte[] value = it.next().value;
            long oldestKept = at - retention > at ? Long.MIN_VALUE : at - retention;
            return HistoryValues.pointTime(value) < oldestKept ? null : value;
        }
    }

    /** Whether the partner had a DETERIORATING alert at a time {@code a} with {@code a > at - quietPeriod}. */
    private boolean inQuietPeriod(String partnerId, long at, Duration quietPeriod) {
        long after = at - quietPeriod.toMillis();
        if (after > at || after == Long.MAX_VALUE) {
            return false;
        }
        try (KeyValueIterator<Bytes, byte[]> it = alertLog.reverseRange(HistoryValues.alertKey(partnerId, after + 1),
                HistoryValues.prefixEnd(partnerId))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                if (HistoryValues.decodeAlert(partnerId, e.value).getKind() == AlertKind.DETERIORATING) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * "The score rose from 21 to 44 in 30 days: responsiveness +12, diversion +8." The rise of a factor is
     * its contribution now less what its value of the earlier point contributes with today's weights, in
     * score points; the largest rises first, at most {@value #MAX_NAMED_FACTORS}, only those that rose.
     */
    static String sentence(RiskSnapshot earlier, PartnerRisk risk, Assessment assessment) {
        long days = HistoryValues.day(risk.getComputedAt()) - HistoryValues.day(earlier.getComputedAt());
        StringBuilder s = new StringBuilder("The score rose from ").append(earlier.getScore()).append(" to ")
                .append(risk.getScore()).append(" in ").append(days).append(days == 1 ? " day" : " days");
        List<String> named = risenFactors(earlier, assessment);
        if (!named.isEmpty()) {
            s.append(": ").append(String.join(", ", named));
        }
        return s.append('.').toString();
    }

    /** "factor +n" for the factors that rose by at least one point, largest first (ties in factor order). */
    static List<String> risenFactors(RiskSnapshot earlier, Assessment assessment) {
        double total = 0;
        for (AssessedFactor f : assessment.factors()) {
            total += f.weight();
        }
        record Rise(String factor, long points, int order) {}
        List<Rise> rises = new ArrayList<>();
        for (int i = 0; i < RiskModelConfig.FACTOR_NAMES.size(); i++) {
            AssessedFactor f = assessment.factor(RiskModelConfig.FACTOR_NAMES.get(i));
            double before = total > 0 ? 100.0 * valueOf(earlier, f.name()) * f.weight() / total : 0;
            long points = Math.round(f.contribution() - before);
            if (points >= 1) {
                rises.add(new Rise(f.name(), points, i));
            }
        }
        rises.sort(Comparator.comparingLong(Rise::points).reversed().thenComparingInt(Rise::order));
        List<String> named = new ArrayList<>(MAX_NAMED_FACTORS);
        for (Rise r : rises.subList(0, Math.min(MAX_NAMED_FACTORS, rises.size()))) {
            named.add(r.factor() + " +" + r.points());
        }
        return named;
    }

    /** A factor's value in a history point: its column of the same name (a point has one for every factor). */
    private static double valueOf(RiskSnapshot point, String factor) {
        Schema.Field field = point.getSchema().getField(factor);
        if (field == null) {
            throw new IllegalStateException("factor without a history column: " + factor);
        }
        Object value = point.get(field.pos());
        return value instanceof Number n ? n.doubleValue() : 0;
    }
}
