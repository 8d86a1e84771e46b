package io.partnersignals.model;

import java.util.List;

/**
 * The value of one factor, the evidence a person can check, a plain sentence saying why (null when
 * the factor is 0 and there is nothing to say), and whether the factor applies to the partner at all:
 * one that does not (deal flow without earlier deals) is left out of the score, weight and all.
 */
public record FactorResult(String name, double value, List<String> evidence, String reason, boolean applies) {

    public FactorResult {
        if (Double.isNaN(value) || value < 0 || value > 1) {
            throw new IllegalArgumentException("factor " + name + " out of [0,1]: " + value);
        }
        if (!applies && value != 0) {
            throw new IllegalArgumentException("factor " + name + " does not apply but has the value " + value);
        }
        evidence = List.copyOf(evidence);
    }

    /** A factor that applies. */
    public FactorResult(String name, double value, List<String> evidence, String reason) {
        this(name, value, evidence, reason, true);
    }

    public static FactorResult zero(String name) {
        return new FactorResult(name, 0.0, List.of(), null);
    }

    /** A factor that does not apply to the partner now; {@code why} says so in plain words. */
    public static FactorResult notApplicable(String name, String why) {
        return new FactorResult(name, 0.0, List.of(why), null, false);
    }
}
