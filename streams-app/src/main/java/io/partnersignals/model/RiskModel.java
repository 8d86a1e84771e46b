package io.partnersignals.model;

import io.partnersignals.contract.RiskBand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Risk model v1: the eight factors of DESIGN.md, weighted by configuration.
 * score = round(100 × Σ wᵢ·fᵢ / Σ wᵢ); bands GREEN < amber ≤ AMBER < red ≤ RED.
 * A pure function of the partner's state and the instant: no wall clock, no hash order.
 */
public final class RiskModel {

    private final RiskModelConfig config;
    private final List<Factor> factors;

    public RiskModel(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.factors = List.of(
                new Sponsorship(config),
                new Responsiveness(config),
                new Reciprocity(config),
                new Attribution(config),
                new Diversion(config),
                new PricingExclusion(config),
                new MarginErosion(config),
                new HarmfulAsk(config));
        for (int i = 0; i < factors.size(); i++) {
            if (!factors.get(i).name().equals(RiskModelConfig.FACTOR_NAMES.get(i))) {
                throw new IllegalStateException("factor order differs from FACTOR_NAMES at " + i);
            }
        }
    }

    public RiskModelConfig config() {
        return config;
    }

    /** The factors in {@link RiskModelConfig#FACTOR_NAMES} order. */
    public List<Factor> factors() {
        return factors;
    }

    public Assessment assess(PartnerState state, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        double total = config.totalWeight();
        double weighted = 0;
        List<AssessedFactor> assessed = new ArrayList<>(factors.size());
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < factors.size(); i++) {
            Factor factor = factors.get(i);
            FactorResult r = factor.evaluate(state, now);
            double w = config.weight(factor.name());
            weighted += w * r.value();
            double contribution = 100.0 * w * r.value() / total;
            assessed.add(new AssessedFactor(factor.name(), r.value(), w, contribution, r.evidence()));
            if (contribution > 0 && r.reason() != null) {
                ranked.add(new Ranked(i, contribution, r.reason()));
            }
        }
        int score = (int) Math.round(100.0 * weighted / total);
        score = Math.max(0, Math.min(100, score));
        ranked.sort(Comparator.comparingDouble(Ranked::contribution).reversed().thenComparingInt(Ranked::order));
        List<String> reasons = new ArrayList<>(ranked.size());
        for (Ranked r : ranked) {
            reasons.add(r.reason());
        }
        return new Assessment(score, bandOf(score), assessed, reasons);
    }

    /** The band of a score by the plain thresholds (no hysteresis; see {@link AlertBands} for alerts). */
    public RiskBand bandOf(int score) {
        if (score >= config.redThreshold()) {
            return RiskBand.RED;
        }
        if (score >= config.amberThreshold()) {
            return RiskBand.AMBER;
        }
        return RiskBand.GREEN;
    }

    private record Ranked(int order, double contribution, String reason) {}
}
