package io.partnersignals.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Weights, thresholds and windows of risk model v1. Every value is configuration
 * (see {@code runtime.AppConfig}); the defaults are model v1's (docs/design.md).
 */
public record RiskModelConfig(
        String modelVersion,
        Map<String, Double> weights,
        int amberThreshold,
        int redThreshold,
        int alertMargin,
        Duration lateness,
        Duration sponsorDowngradeWindow,
        double sponsorDowngradePenalty,
        Duration responsivenessGrace,
        Duration responsivenessFull,
        int maxOpenRequests,
        Duration reciprocityWindow,
        Duration pageStaleAfter,
        Duration marginWindow,
        double targetMargin,
        double pricingFullDiscount,
        Duration maxPromotionDuration,
        Duration harmfulAskJoinWindow,
        Duration harmfulAskDuration,
        int maxPages,
        int maxPromotions) {

    public static final String SPONSORSHIP = "sponsorship";
    public static final String RESPONSIVENESS = "responsiveness";
    public static final String RECIPROCITY = "reciprocity";
    public static final String ATTRIBUTION = "attribution";
    public static final String DIVERSION = "diversion";
    public static final String PRICING_EXCLUSION = "pricingExclusion";
    public static final String MARGIN_EROSION = "marginErosion";
    public static final String HARMFUL_ASK = "harmfulAsk";

    /** Factor names in the contract's order; also the column order of RiskSnapshot. */
    public static final java.util.List<String> FACTOR_NAMES = java.util.List.of(
            SPONSORSHIP, RESPONSIVENESS, RECIPROCITY, ATTRIBUTION, DIVERSION,
            PRICING_EXCLUSION, MARGIN_EROSION, HARMFUL_ASK);

    public RiskModelConfig {
        Objects.requireNonNull(modelVersion, "modelVersion");
        weights = Map.copyOf(weights);
        for (String name : FACTOR_NAMES) {
            Double w = weights.get(name);
            if (w == null || w < 0 || w.isNaN() || w.isInfinite()) {
                throw new IllegalArgumentException("weight of factor '" + name + "' must be a number >= 0, got " + w);
            }
        }
        for (String name : weights.keySet()) {
            if (!FACTOR_NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown factor '" + name + "' in weights; known factors: " + FACTOR_NAMES);
            }
        }
        if (weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("the factor weights must not all be 0");
        }
        if (!(0 < amberThreshold && amberThreshold < redThreshold && redThreshold <= 100)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < amber < red <= 100, got amber="
                    + amberThreshold + " red=" + redThreshold);
        }
        if (alertMargin < 0) {
            throw new IllegalArgumentException("alert margin must be >= 0, got " + alertMargin);
        }
        if (responsivenessFull.compareTo(responsivenessGrace) <= 0) {
            throw new IllegalArgumentException("responsiveness full age (" + responsivenessFull
                    + ") must be longer than its grace (" + responsivenessGrace + ")");
        }
        if (!(targetMargin > 0 && targetMargin < 1)) {
            throw new IllegalArgumentException("target margin must be in (0,1), got " + targetMargin);
        }
        if (!(pricingFullDiscount > 0 && pricingFullDiscount <= 1)) {
            throw new IllegalArgumentException("pricing full discount must be in (0,1], got " + pricingFullDiscount);
        }
        if (maxOpenRequests < 1) {
            throw new IllegalArgumentException("max open requests must be >= 1, got " + maxOpenRequests);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("max pages must be >= 1, got " + maxPages);
        }
        if (maxPromotions < 1) {
            throw new IllegalArgumentException("max promotions must be >= 1, got " + maxPromotions);
        }
        for (Duration d : new Duration[] {lateness, sponsorDowngradeWindow, responsivenessGrace, responsivenessFull,
                reciprocityWindow, pageStaleAfter, marginWindow, maxPromotionDuration, harmfulAskJoinWindow,
                harmfulAskDuration}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("windows must be durations >= 0, got " + d);
            }
        }
    }

    /** Model v1 exactly as docs/design.md states it. */
    public static RiskModelConfig defaults() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put(SPONSORSHIP, 0.15);
        w.put(RESPONSIVENESS, 0.15);
        w.put(RECIPROCITY, 0.15);
        w.put(ATTRIBUTION, 0.10);
        w.put(DIVERSION, 0.15);
        w.put(PRICING_EXCLUSION, 0.10);
        w.put(MARGIN_EROSION, 0.10);
        w.put(HARMFUL_ASK, 0.10);
        return new RiskModelConfig("v1", w, 35, 60, 3,
                Duration.ofDays(1),
                Duration.ofDays(90), 0.2,
                Duration.ofDays(7), Duration.ofDays(60), 100,
                Duration.ofDays(90),
                Duration.ofDays(30),
                Duration.ofDays(30), 0.20,
                0.20,
                Duration.ofDays(180),
                Duration.ofDays(14), Duration.ofDays(90),
                DEFAULT_MAX_PAGES, DEFAULT_MAX_PROMOTIONS);
    }

    /** Pages kept per partner by default: far more than a partner site shows us on, few enough to bound a state. */
    public static final int DEFAULT_MAX_PAGES = 1_000;
    /** Promotions kept per partner by default. */
    public static final int DEFAULT_MAX_PROMOTIONS = 200;

    /** How many facts of {@code kind} a partner's state keeps at most (Integer.MAX_VALUE: bounded by its window alone). */
    public int limit(PartnerState.Facts kind) {
        return switch (kind) {
            case OPEN_REQUESTS -> maxOpenRequests;
            case PAGES -> maxPages;
            case PROMOTIONS -> maxPromotions;
            default -> Integer.MAX_VALUE;
        };
    }

    public double weight(String factor) {
        return weights.get(factor);
    }

    /**
     * Σ wᵢ, summed in FACTOR_NAMES order so that the floating-point result, and with it the rounding
     * of a score, is the same in every run (the weights map's own iteration order is not specified).
     */
    public double totalWeight() {
        double total = 0;
        for (String name : FACTOR_NAMES) {
            total += weights.get(name);
        }
        return total;
    }

    /** The same model with other per-partner limits on open requests, pages and promotions. */
    public RiskModelConfig withLimits(int openRequests, int pages, int promotions) {
        return new RiskModelConfig(modelVersion, weights, amberThreshold, redThreshold, alertMargin, lateness,
                sponsorDowngradeWindow, sponsorDowngradePenalty, responsivenessGrace, responsivenessFull,
                openRequests, reciprocityWindow, pageStaleAfter, marginWindow, targetMargin, pricingFullDiscount,
                maxPromotionDuration, harmfulAskJoinWindow, harmfulAskDuration, pages, promotions);
    }

    public RiskModelConfig withWeights(Map<String, Double> newWeights) {
        Map<String, Double> merged = new LinkedHashMap<>(weights);
        merged.putAll(newWeights);
        return new RiskModelConfig(modelVersion, merged, amberThreshold, redThreshold, alertMargin, lateness,
                sponsorDowngradeWindow, sponsorDowngradePenalty, responsivenessGrace, responsivenessFull,
                maxOpenRequests, reciprocityWindow, pageStaleAfter, marginWindow, targetMargin, pricingFullDiscount,
                maxPromotionDuration, harmfulAskJoinWindow, harmfulAskDuration, maxPages, maxPromotions);
    }
}
