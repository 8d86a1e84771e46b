package io.partnersignals.model;

import io.partnersignals.model.PartnerState.Contribution;
import java.time.Instant;
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
        ContributionBalance b = ContributionBalance.of(state, now.toEpochMilli(), config.reciprocityWindow());
        if (b.isEmpty()) {
            return FactorResult.zero(name());
        }
        double g = b.givenUsd();
        double r = b.receivedUsd();
        double value = r <= g ? 0.0 : Math.min(1.0, Math.max(0.0, (r - g) / (r + g)));
        List<String> evidence = List.of(b.receivedEvidence(), b.givenEvidence());
        String reason = null;
        if (value > 0) {
            reason = "Over the last " + b.window() + " the partner gave us " + ContributionBalance.amount(r, b.received())
                    + " and we " + (b.given().isEmpty() ? "gave nothing back." : "gave back only " + Formats.money(g) + ".");
        }
        return new FactorResult(name(), value, evidence, reason);
    }
}
