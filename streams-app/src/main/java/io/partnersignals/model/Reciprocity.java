package io.partnersignals.model;

import io.partnersignals.contract.Direction;
import io.partnersignals.model.PartnerState.Contribution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Whether we give more than we get: over the reciprocity window, g = value we gave (OUTBOUND
 * CONTRIBUTION) and r = value we received (INBOUND); 0 when g <= r, else (g - r) / (g + r).
 */
public final class Reciprocity implements Factor {

    private final RiskModelConfig config;

    public Reciprocity(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.RECIPROCITY;
    }

    @Override
    public List<FactWindow<?>> windows() {
        return List.of(FactWindow.counted(PartnerState.Facts.CONTRIBUTIONS, Contribution.class, Contribution::at,
                config.reciprocityWindow().toMillis()));
    }



    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        long from = t - config.reciprocityWindow().toMillis();
        List<Contribution> given = new ArrayList<>();
        List<Contribution> received = new ArrayList<>();
        double g = 0;
        double r = 0;
        List<Contribution> inWindow = new ArrayList<>();
        for (Contribution c : state.getContributions().values()) {
            if (c.at() > from && c.at() <= t) {
                inWindow.add(c);
            }
        }
        if (inWindow.isEmpty()) {
            return FactorResult.zero(name());
        }
        inWindow.sort(Comparator.comparingLong(Contribution::at).thenComparing(Contribution::activityId));
        for (Contribution c : inWindow) {
            if (c.direction() == Direction.OUTBOUND) {
                given.add(c);
                g += c.valueUsd();
            } else {
                received.add(c);
                r += c.valueUsd();
            }
        }
        double value = g <= r ? 0.0 : Math.min(1.0, Math.max(0.0, (g - r) / (g + r)));
        String window = Formats.window(config.reciprocityWindow());

        List<String> evidence = List.of(
                "Given by us in the last " + window + ": " + Formats.money(g) + " in "
                        + Formats.count(given.size(), "contribution", "contributions") + ids(given),
                "Received from the partner in the last " + window + ": " + Formats.money(r) + " in "
                        + Formats.count(received.size(), "contribution", "contributions") + ids(received));
        String reason = null;
        if (value > 0) {
            reason = "Over the last " + window + " we gave the partner " + Formats.money(g) + " in "
                    + Formats.count(given.size(), "contribution", "contributions")
                    + " (roadshows, benchmarks, referrals) and "
                    + (received.isEmpty() ? "received nothing back."
                    : "received only " + Formats.money(r) + " in "
                    + Formats.count(received.size(), "contribution", "contributions") + " back.");
        }
        return new FactorResult(name(), value, evidence, reason);
    }

    private static String ids(List<Contribution> list) {
        if (list.isEmpty()) {
            return "";
        }
        List<String> ids = new ArrayList<>();
        for (Contribution c : list) {
            ids.add(c.activityId());
        }
        return " (" + Formats.capped(ids) + ")";
    }
}
