package io.partnersignals.model;

import io.partnersignals.contract.Direction;
import io.partnersignals.model.PartnerState.Contribution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Our side of {@link Reciprocity}: whether the partner gives more than it gets. Over the same window,
 * g = value we gave, r = value we received; 0 when r &lt;= g, else (r - g) / (r + g).
 */
public final class OurReciprocity implements Factor {

    private final RiskModelConfig config;

    public OurReciprocity(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.OUR_RECIPROCITY;
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
        List<Contribution> given = new ArrayList<>();
        List<Contribution> received = new ArrayList<>();
        double g = 0;
        double r = 0;
        for (Contribution c : inWindow) {
            if (c.direction() == Direction.OUTBOUND) {
                given.add(c);
                g += c.valueUsd();
            } else {
                received.add(c);
                r += c.valueUsd();
            }
        }
        double value = r <= g ? 0.0 : Math.min(1.0, Math.max(0.0, (r - g) / (r + g)));
        String window = Formats.window(config.reciprocityWindow());
        List<String> evidence = List.of(
                "Received from the partner in the last " + window + ": " + Formats.money(r) + " in "
                        + Formats.count(received.size(), "contribution", "contributions") + ids(received),
                "Given by us in the last " + window + ": " + Formats.money(g) + " in "
                        + Formats.count(given.size(), "contribution", "contributions") + ids(given));
        String reason = null;
        if (value > 0) {
            reason = "Over the last " + window + " the partner gave us " + Formats.money(r) + " in "
                    + Formats.count(received.size(), "contribution", "contributions") + " and we "
                    + (given.isEmpty() ? "gave nothing back." : "gave back only " + Formats.money(g) + ".");
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
