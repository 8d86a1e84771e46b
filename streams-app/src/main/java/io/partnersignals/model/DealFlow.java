package io.partnersignals.model;

import io.partnersignals.model.PartnerState.DealWon;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Whether the deals we win with the partner are drying up: W = value of the DEAL_WON activities in
 * (now − window, now], P = the same in (now − 2·window, now − window]; (P − W) / P when W &lt; P, else 0.
 * When P is 0 there is nothing to fall from: the factor does not apply, and its weight leaves the score.
 */
public final class DealFlow implements Factor {

    private static final Comparator<DealWon> IN_TIME_ORDER =
            Comparator.comparingLong(DealWon::at).thenComparing(DealWon::activityId);

    private final RiskModelConfig config;

    public DealFlow(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.DEAL_FLOW;
    }

    /** A deal counts for two windows: in the last one from its time, in the one before from at + window. */
    @Override
    public List<FactWindow<?>> windows() {
        long window = config.dealFlowWindow().toMillis();
        return List.of(new FactWindow<>(PartnerState.Facts.DEALS_WON, DealWon.class,
                (d, now, step) -> FactWindow.after(now, d.at(), d.at() + window, d.at() + 2 * window),
                d -> d.at() + 2 * window, null));
    }

    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        long window = config.dealFlowWindow().toMillis();
        List<DealWon> last = new ArrayList<>();
        List<DealWon> before = new ArrayList<>();
        double w = 0;
        double p = 0;
        for (DealWon d : state.getDealsWon().values()) {
            if (d.at() > t - window && d.at() <= t) {
                last.add(d);
                w += d.valueUsd();
            } else if (d.at() > t - 2 * window && d.at() <= t - window) {
                before.add(d);
                p += d.valueUsd();
            }
        }
        String words = Formats.window(config.dealFlowWindow());
        if (p <= 0) {
            // "the 90 days before the last 90"
            String earlier = "in the " + words + " before the last " + words.substring(0, words.indexOf(' '));
            return FactorResult.notApplicable(name(), before.isEmpty()
                    ? "No deals won with the partner " + earlier + ": deal flow does not apply."
                    : "The deals won with the partner " + earlier + " (" + ids(before)
                            + ") have no value: deal flow does not apply.");
        }
        double value = w < p ? Math.min(1.0, (p - w) / p) : 0.0;
        List<String> evidence = List.of(
                "Won with the partner in the last " + words + ": " + sum(w, last),
                "Won with the partner in the " + words + " before: " + sum(p, before));
        String reason = value > 0
                ? "Deals won with the partner fell from " + Formats.money(p) + " to " + Formats.money(w) + " (\u2212"
                        + Math.round(value * 100) + " %) against the " + words + " before."
                : null;
        return new FactorResult(name(), value, evidence, reason);
    }

    private static String sum(double usd, List<DealWon> deals) {
        return Formats.money(usd) + " in " + Formats.count(deals.size(), "deal", "deals")
                + (deals.isEmpty() ? "" : " (" + ids(deals) + ")");
    }

    private static String ids(List<DealWon> deals) {
        List<DealWon> sorted = new ArrayList<>(deals);
        sorted.sort(IN_TIME_ORDER);
        List<String> ids = new ArrayList<>(sorted.size());
        for (DealWon d : sorted) {
            ids.add(d.activityId());
        }
        return Formats.capped(ids);
    }
}
