package io.partnersignals.http;

import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One partner in the list of {@code GET /api/partners} and of the page: the score, where it is
 * heading, and the first reasons ({@code reason} is the first one, {@code reasons} up to three).
 *
 * <p>From the partner's history, alerts and notes, computed by the instance that holds the partner:
 * {@code change7d} and {@code change30d}, the score now minus the score of the last daily point at or
 * before 7 / 30 days before the newest point (null when the history does not reach back that far);
 * {@code bandSince}, the time of the first daily point of the run of points in the current band that
 * ends with the newest one (day precision; the oldest point when the whole history is in the band;
 * null without history); {@code owner}, the text of the latest OWNER_SET note (null: none, or blank);
 * {@code unacknowledgedAlerts}, the alerts no ACKNOWLEDGED note points at (by the alert's time).
 *
 * <p>{@code ourSide} is the partner's our-side score of model v2 (how well we treat it, never part of
 * {@code score}); null when the model did not compute it (model v1).
 */
public record PartnerSummary(String partnerId, String partnerName, int score, RiskBand band, Integer previousScore,
                             Trend trend, String computedAt, String reason, List<String> reasons,
                             Integer change7d, Integer change30d, String bandSince, String owner,
                             int unacknowledgedAlerts, Integer ourSide) {

    public enum Trend { UP, DOWN, FLAT, NEW }

    static final int REASONS = 3;
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration MONTH = Duration.ofDays(30);

    /** Highest risk first; the partner id breaks ties so the order is stable. */
    public static final Comparator<PartnerSummary> BY_RISK =
            Comparator.comparingInt(PartnerSummary::score).reversed().thenComparing(PartnerSummary::partnerId);

    public PartnerSummary {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** The score alone: no history, alerts or notes. */
    public static PartnerSummary of(PartnerRisk risk) {
        return of(risk, List.of(), List.of(), List.of());
    }

    /**
     * @param history the partner's daily points, oldest first ({@link RiskView#localHistory})
     * @param alerts  its alerts ({@link RiskView#localAlerts})
     * @param notes   its notes, oldest first ({@link RiskView#notes})
     */
    public static PartnerSummary of(PartnerRisk risk, List<RiskSnapshot> history, List<RiskAlert> alerts,
                                    List<PartnerNote> notes) {
        List<String> reasons = risk.getReasons().stream().limit(REASONS).toList();
        return new PartnerSummary(risk.getPartnerId(), risk.getPartnerName(), risk.getScore(), risk.getBand(),
                risk.getPreviousScore(), trend(risk.getScore(), risk.getPreviousScore()),
                risk.getComputedAt().toString(), reasons.isEmpty() ? null : reasons.get(0), reasons,
                change(risk.getScore(), history, WEEK), change(risk.getScore(), history, MONTH),
                bandSince(risk.getBand(), history), owner(notes), unacknowledged(alerts, notes),
                risk.getOurSide() == null ? null : risk.getOurSide().getScore());
    }

    static Trend trend(int score, Integer previous) {
        if (previous == null) {
            return Trend.NEW;
        }
        return score > previous ? Trend.UP : score < previous ? Trend.DOWN : Trend.FLAT;
    }

    /** {@code score} minus the score of the last point at or before {@code back} before the newest; null when none is. */
    static Integer change(int score, List<RiskSnapshot> history, Duration back) {
        if (history.isEmpty()) {
            return null;
        }
        Instant target = history.get(history.size() - 1).getComputedAt().minus(back);
        for (int i = history.size() - 1; i >= 0; i--) {
            RiskSnapshot p = history.get(i);
            if (!p.getComputedAt().isAfter(target)) {
                return score - p.getScore();
            }
        }
        return null;
    }

    /** When the run of points in {@code band} that ends with the newest point began; null when there is none. */
    static String bandSince(RiskBand band, List<RiskSnapshot> history) {
        int start = history.size();
        while (start > 0 && band.name().equals(history.get(start - 1).getBand())) {
            start--;
        }
        return start == history.size() ? null : history.get(start).getComputedAt().toString();
    }

    /** The latest owner set; null when none was, or the latest one cleared it (blank). */
    static String owner(List<PartnerNote> notes) {
        for (int i = notes.size() - 1; i >= 0; i--) {
            PartnerNote n = notes.get(i);
            if (n.getKind() == NoteKind.OWNER_SET) {
                return n.getText() == null || n.getText().isBlank() ? null : n.getText();
            }
        }
        return null;
    }

    /** The note acknowledging the alert (the first one, when several do), or null. */
    static PartnerNote acknowledgement(RiskAlert alert, List<PartnerNote> notes) {
        for (PartnerNote n : notes) {
            if (n.getKind() == NoteKind.ACKNOWLEDGED && alert.getAt().equals(n.getAlertAt())) {
                return n;
            }
        }
        return null;
    }

    static int unacknowledged(List<RiskAlert> alerts, List<PartnerNote> notes) {
        Set<Instant> acknowledged = new HashSet<>();
        for (PartnerNote n : notes) {
            if (n.getKind() == NoteKind.ACKNOWLEDGED && n.getAlertAt() != null) {
                acknowledged.add(n.getAlertAt());
            }
        }
        return (int) alerts.stream().filter(a -> !acknowledged.contains(a.getAt())).count();
    }

    /** Of two copies of one partner (during a rebalance two instances may both answer), the newer. */
    static PartnerSummary newer(PartnerSummary a, PartnerSummary b) {
        return Instant.parse(b.computedAt()).isAfter(Instant.parse(a.computedAt())) ? b : a;
    }
}
