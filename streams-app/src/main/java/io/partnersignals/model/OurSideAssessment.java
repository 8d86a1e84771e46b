package io.partnersignals.model;

import java.util.List;

/**
 * Our side of the two-sided scorecard: how well we treat the partner (score 0-100, 0 is healthy),
 * the our-side factors (weight 0.5 each, contribution 50 × value) and their reasons, most important
 * first. Never part of the risk score and never alerted.
 */
public record OurSideAssessment(int score, List<AssessedFactor> factors, List<String> reasons) {

    public OurSideAssessment {
        factors = List.copyOf(factors);
        reasons = List.copyOf(reasons);
    }
}
