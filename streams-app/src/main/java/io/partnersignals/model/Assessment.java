package io.partnersignals.model;

import io.partnersignals.contract.RiskBand;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The risk of one partner at one instant: the score (0-100), its band (plain thresholds, no
 * hysteresis), every factor in {@link RiskModelConfig#FACTOR_NAMES} order, and the reasons of the
 * factors that contribute, most important first, then the competitor-approach sentence; our side
 * of the scorecard and the ids of the competitor approaches (neither scored); and the
 * {@link Fingerprint} of all that, which decides whether a score is published.
 */
public record Assessment(int score, RiskBand band, List<AssessedFactor> factors, List<String> reasons,
                         OurSideAssessment ourSide, List<String> competitorApproaches, long fingerprint) {

    public Assessment {
        factors = List.copyOf(factors);
        reasons = List.copyOf(reasons);
        java.util.Objects.requireNonNull(ourSide, "ourSide");
        competitorApproaches = List.copyOf(competitorApproaches);
    }

    /** With the {@link Fingerprint} of the parts. */
    public Assessment(int score, RiskBand band, List<AssessedFactor> factors, List<String> reasons,
                      OurSideAssessment ourSide, List<String> competitorApproaches) {
        this(score, band, factors, reasons, ourSide, competitorApproaches,
                Fingerprint.of(score, band, factors, reasons, ourSide, competitorApproaches));
    }

    /** The factor with this name. */
    public AssessedFactor factor(String name) {
        for (AssessedFactor f : factors) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new NoSuchElementException("no factor named '" + name + "'; factors: " + RiskModelConfig.FACTOR_NAMES);
    }

    /** The value in [0,1] of the factor with this name. */
    public double value(String name) {
        return factor(name).value();
    }
}
