package io.partnersignals.model;

import io.partnersignals.model.PartnerState.Contribution;
import java.time.Instant;
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
        ContributionBalance b = ContributionBalance.of(state, now.toEpochMilli(), config.reciprocityWindow());
        if (b.isEmpty()) {
            return FactorResult.zero(name());
        }
        double g = b.givenUsd();
        double r = b.receivedUsd();
        double value = g <= r ? 0.0 : Math.min(1.0, Math.max(0.0, (g - r) / (g + r)));
        List<String> evidence = List.of(b.givenEvidence(), b.receivedEvidence());
        String reason = null;
        if (value > 0) {
            reason = "Over the last " + b.window() + " we gave the partner "
                    + ContributionBalance.amount(g, b.given()) + " (roadshows, benchmarks, referrals) and "
                    + (b.received().isEmpty() ? "received nothing back."
                    : "received only " + ContributionBalance.amount(r, b.received()) + " back.");
        }
        return new FactorResult(name(), value, evidence, reason);
    }
}
