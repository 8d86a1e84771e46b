package io.partnersignals.model;

import io.partnersignals.model.PartnerState.Sale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Whether our margin on products built on the partner's technology craters: mean margin m of the
 * sales in the margin window against the target margin; clamp((target - m) / target, 0, 1).
 */
public final class MarginErosion implements Factor {

    private final RiskModelConfig config;

    public MarginErosion(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.MARGIN_EROSION;
    }

    @Override
    public List<FactWindow<?>> windows() {
        return List.of(FactWindow.counted(PartnerState.Facts.SALES, Sale.class, Sale::at,
                config.marginWindow().toMillis()));
    }



    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        long from = t - config.marginWindow().toMillis();
        List<Sale> sales = new ArrayList<>();
        for (Sale s : state.getSales().values()) {
            if (s.at() > from && s.at() <= t) {
                sales.add(s);
            }
        }
        if (sales.isEmpty()) {
            return FactorResult.zero(name());
        }
        sales.sort(Comparator.comparingLong(Sale::at).thenComparing(Sale::eventId));
        double sum = 0;
        List<String> ids = new ArrayList<>();
        for (Sale s : sales) {
            sum += s.margin();
            ids.add(s.eventId());
        }
        double mean = sum / sales.size();
        double target = config.targetMargin();
        double value = Math.min(1.0, Math.max(0.0, (target - mean) / target));
        String window = Formats.window(config.marginWindow());

        List<String> evidence = List.of(
                Formats.count(sales.size(), "sale", "sales") + " in the last " + window + ": mean margin "
                        + Formats.percent(mean) + " against a target of " + Formats.percent(target),
                "Sales: " + Formats.capped(ids));
        String reason = value > 0
                ? "Over the last " + window + " our mean margin on the partner's products was "
                + Formats.percent(mean) + " on " + Formats.count(sales.size(), "sale", "sales")
                + ", against a target of " + Formats.percent(target) + "."
                : null;
        return new FactorResult(name(), value, evidence, reason);
    }
}
