package io.partnersignals.model;

import java.util.List;

/**
 * One factor as assessed: its value in [0,1], its configured weight, its contribution in score
 * points (100 × weight × value / total weight, not rounded) and the evidence behind it.
 */
public record AssessedFactor(String name, double value, double weight, double contribution, List<String> evidence) {

    public AssessedFactor {
        evidence = List.copyOf(evidence);
    }
}
