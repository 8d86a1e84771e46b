package io.partnersignals.model;

import java.util.List;

/**
 * The value of one factor, the evidence a person can check, and a plain sentence saying why
 * (null when the factor is 0 and there is nothing to say).
 */
public record FactorResult(String name, double value, List<String> evidence, String reason) {

    public FactorResult {
        if (Double.isNaN(value) || value < 0 || value > 1) {
            throw new IllegalArgumentException("factor " + name + " out of [0,1]: " + value);
        }
        evidence = List.copyOf(evidence);
    }

    public static FactorResult zero(String name) {
        return new FactorResult(name, 0.0, List.of(), null);
    }
}
