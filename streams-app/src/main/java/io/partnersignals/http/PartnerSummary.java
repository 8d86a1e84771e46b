package io.partnersignals.http;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskBand;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One partner in the list of {@code GET /api/partners} and of the page: the score, where it is
 * heading, and the first reasons ({@code reason} is the first one, {@code reasons} up to three).
 */
public record PartnerSummary(String partnerId, String partnerName, int score, RiskBand band, Integer previousScore,
                             Trend trend, String computedAt, String reason, List<String> reasons) {

    public enum Trend { UP, DOWN, FLAT, NEW }

    static final int REASONS = 3;

    /** Highest risk first; the partner id breaks ties so the order is stable. */
    public static final Comparator<PartnerSummary> BY_RISK =
            Comparator.comparingInt(PartnerSummary::score).reversed().thenComparing(PartnerSummary::partnerId);

    public PartnerSummary {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public static PartnerSummary of(PartnerRisk risk) {
        List<String> reasons = risk.getReasons().stream().limit(REASONS).toList();
        return new PartnerSummary(risk.getPartnerId(), risk.getPartnerName(), risk.getScore(), risk.getBand(),
                risk.getPreviousScore(), trend(risk.getScore(), risk.getPreviousScore()),
                risk.getComputedAt().toString(), reasons.isEmpty() ? null : reasons.get(0), reasons);
    }

    static Trend trend(int score, Integer previous) {
        if (previous == null) {
            return Trend.NEW;
        }
        return score > previous ? Trend.UP : score < previous ? Trend.DOWN : Trend.FLAT;
    }

    /** Of two copies of one partner (during a rebalance two instances may both answer), the newer. */
    static PartnerSummary newer(PartnerSummary a, PartnerSummary b) {
        return Instant.parse(b.computedAt()).isAfter(Instant.parse(a.computedAt())) ? b : a;
    }
}
