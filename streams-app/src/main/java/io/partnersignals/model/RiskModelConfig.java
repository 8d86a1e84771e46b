package io.partnersignals.model;

import io.partnersignals.config.ConfigDeclaration;
import io.partnersignals.config.ConfigValues;
import io.partnersignals.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Weights, thresholds and windows of risk model v2 (v1's, and those of deal flow, our side, competitor
 * approaches and deterioration alerts). Every value is a model.* setting, read by key
 * from {@link ConfigValues}; the defaults are those declared in {@link ConfigDeclaration}.
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
        int maxPromotions,
        Duration dealFlowWindow,
        Duration ourResponsivenessGrace,
        Duration ourResponsivenessFull,
        int maxPartnerRequests,
        Duration competitorApproachWindow,
        int deteriorationPoints,
        Duration deteriorationWindow,
        Duration deteriorationQuietPeriod) {

    public static final String SPONSORSHIP = "sponsorship";
    public static final String RESPONSIVENESS = "responsiveness";
    public static final String RECIPROCITY = "reciprocity";
    public static final String ATTRIBUTION = "attribution";
    public static final String DIVERSION = "diversion";
    public static final String PRICING_EXCLUSION = "pricingExclusion";
    public static final String MARGIN_EROSION = "marginErosion";
    public static final String HARMFUL_ASK = "harmfulAsk";
    public static final String DEAL_FLOW = "dealFlow";

    /** The factors of our side of the scorecard: never part of the risk score (RiskFactor.name in OurSide). */
    public static final String OUR_RESPONSIVENESS = "ourResponsiveness";
    public static final String OUR_RECIPROCITY = "ourReciprocity";

    /** Factor names in the contract's order; also the column order of RiskSnapshot. */
    public static final java.util.List<String> FACTOR_NAMES = java.util.List.of(
            SPONSORSHIP, RESPONSIVENESS, RECIPROCITY, ATTRIBUTION, DIVERSION,
            PRICING_EXCLUSION, MARGIN_EROSION, HARMFUL_ASK, DEAL_FLOW);

    /** Our side's factors, in the order OurSide lists them. */
    public static final java.util.List<String> OUR_SIDE_FACTOR_NAMES = java.util.List.of(OUR_RESPONSIVENESS, OUR_RECIPROCITY);

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
        if (ourResponsivenessFull.compareTo(ourResponsivenessGrace) <= 0) {
            throw new IllegalArgumentException("our responsiveness full age (" + ourResponsivenessFull
                    + ") must be longer than its grace (" + ourResponsivenessGrace + ")");
        }
        if (maxPartnerRequests < 1) {
            throw new IllegalArgumentException("max partner requests must be >= 1, got " + maxPartnerRequests);
        }
        if (deteriorationPoints < 1 || deteriorationPoints > 100) {
            throw new IllegalArgumentException("deterioration points must be in [1,100], got " + deteriorationPoints);
        }
        if (deteriorationWindow.isZero() || deteriorationWindow.toMillis() % 86_400_000L != 0) {
            throw new IllegalArgumentException("deterioration window must be a whole number of days, got " + deteriorationWindow);
        }
        if (maxPromotions < 1) {
            throw new IllegalArgumentException("max promotions must be >= 1, got " + maxPromotions);
        }
        for (Duration d : new Duration[] {lateness, sponsorDowngradeWindow, responsivenessGrace, responsivenessFull,
                reciprocityWindow, pageStaleAfter, marginWindow, maxPromotionDuration, harmfulAskJoinWindow,
                harmfulAskDuration, dealFlowWindow, ourResponsivenessGrace, ourResponsivenessFull,
                competitorApproachWindow, deteriorationWindow, deteriorationQuietPeriod}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("windows must be durations >= 0, got " + d);
            }
        }
    }

    /** The name of this model; a configuration other than the declared defaults is named {@code v2+<hash>}. */
    public static final String BASE_VERSION = "v2";

    /** Model v2 exactly as declared: the defaults of {@link ConfigDeclaration}. */
    public static RiskModelConfig defaults() {
        return from(ConfigValues.defaults());
    }

    /**
     * The model the model.* settings describe. model.version, when empty, is {@link #BASE_VERSION} for the
     * declared defaults and {@code v2+<hash>} for anything else, so that a score computed with other weights
     * is never mistaken for a v2 score.
     *
     * @throws IllegalArgumentException when the settings do not fit together (e.g. amber above red)
     */
    public static RiskModelConfig from(ConfigValues c) {
        RiskModelConfig model = read(c, BASE_VERSION);
        String explicit = c.string("model.version");
        if (!explicit.isEmpty()) {
            return read(c, explicit);
        }
        if (model.equals(read(ConfigValues.defaults(), BASE_VERSION))) {
            return model;
        }
        return read(c, BASE_VERSION + "+" + String.format(Locale.ROOT, "%08x", model.hashCode()));
    }

    private static RiskModelConfig read(ConfigValues c, String version) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String f : FACTOR_NAMES) {
            weights.put(f, c.number(WEIGHT_PREFIX + f));
        }
        return new RiskModelConfig(version, weights,
                c.integer("model.threshold.amber"),
                c.integer("model.threshold.red"),
                c.integer("model.alert-margin"),
                c.duration("model.lateness"),
                c.duration("model.sponsorship.downgrade-window"),
                c.number("model.sponsorship.downgrade-penalty"),
                c.duration("model.responsiveness.grace"),
                c.duration("model.responsiveness.full"),
                c.integer("model.responsiveness.max-open-requests"),
                c.duration("model.reciprocity.window"),
                c.duration("model.attribution.page-stale-after"),
                c.duration("model.margin.window"),
                c.number("model.margin.target"),
                c.number("model.pricing.full-discount"),
                c.duration("model.pricing.max-promotion-duration"),
                c.duration("model.harmful-ask.join-window"),
                c.duration("model.harmful-ask.duration"),
                c.integer("model.attribution.max-pages"),
                c.integer("model.pricing.max-promotions"),
                c.duration("model.deal-flow.window"),
                c.duration("model.our-responsiveness.grace"),
                c.duration("model.our-responsiveness.full"),
                c.integer("model.our-responsiveness.max-open-requests"),
                c.duration("model.competitor-approach.window"),
                c.integer("model.deterioration.points"),
                c.duration("model.deterioration.window"),
                c.duration("model.deterioration.quiet-period"));
    }

    /** Prefix of the weight settings: model.weight.&lt;factor&gt;. */
    public static final String WEIGHT_PREFIX = "model.weight.";

    /**
     * This model as model.* settings, with its version: {@code from(ConfigValues.of(settings()))} is this model.
     * The inverse of {@link #read}, key by key.
     */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("model.version", modelVersion);
        for (String f : FACTOR_NAMES) {
            s.put(WEIGHT_PREFIX + f, String.valueOf(weights.get(f)));
        }
        s.put("model.threshold.amber", String.valueOf(amberThreshold));
        s.put("model.threshold.red", String.valueOf(redThreshold));
        s.put("model.alert-margin", String.valueOf(alertMargin));
        s.put("model.lateness", Durations.format(lateness));
        s.put("model.sponsorship.downgrade-window", Durations.format(sponsorDowngradeWindow));
        s.put("model.sponsorship.downgrade-penalty", String.valueOf(sponsorDowngradePenalty));
        s.put("model.responsiveness.grace", Durations.format(responsivenessGrace));
        s.put("model.responsiveness.full", Durations.format(responsivenessFull));
        s.put("model.responsiveness.max-open-requests", String.valueOf(maxOpenRequests));
        s.put("model.reciprocity.window", Durations.format(reciprocityWindow));
        s.put("model.attribution.page-stale-after", Durations.format(pageStaleAfter));
        s.put("model.margin.window", Durations.format(marginWindow));
        s.put("model.margin.target", String.valueOf(targetMargin));
        s.put("model.pricing.full-discount", String.valueOf(pricingFullDiscount));
        s.put("model.pricing.max-promotion-duration", Durations.format(maxPromotionDuration));
        s.put("model.harmful-ask.join-window", Durations.format(harmfulAskJoinWindow));
        s.put("model.harmful-ask.duration", Durations.format(harmfulAskDuration));
        s.put("model.attribution.max-pages", String.valueOf(maxPages));
        s.put("model.pricing.max-promotions", String.valueOf(maxPromotions));
        s.put("model.deal-flow.window", Durations.format(dealFlowWindow));
        s.put("model.our-responsiveness.grace", Durations.format(ourResponsivenessGrace));
        s.put("model.our-responsiveness.full", Durations.format(ourResponsivenessFull));
        s.put("model.our-responsiveness.max-open-requests", String.valueOf(maxPartnerRequests));
        s.put("model.competitor-approach.window", Durations.format(competitorApproachWindow));
        s.put("model.deterioration.points", String.valueOf(deteriorationPoints));
        s.put("model.deterioration.window", Durations.format(deteriorationWindow));
        s.put("model.deterioration.quiet-period", Durations.format(deteriorationQuietPeriod));
        return s;
    }

    /**
     * The same model with {@code overrides} (model.* keys) on top, checked through the declaration again.
     * The version stays this model's unless the overrides set model.version.
     */
    public RiskModelConfig with(Map<String, String> overrides) {
        Map<String, String> all = settings();
        all.putAll(overrides);
        return from(ConfigValues.of(all));
    }

    /** How many facts of {@code kind} a partner's state keeps at most (Integer.MAX_VALUE: bounded by its window alone). */
    public int limit(PartnerState.Facts kind) {
        return switch (kind) {
            case OPEN_REQUESTS -> maxOpenRequests;
            case PARTNER_REQUESTS -> maxPartnerRequests;
            case PAGES -> maxPages;
            case PROMOTIONS -> maxPromotions;
            default -> Integer.MAX_VALUE;
        };
    }

    public double weight(String factor) {
        return weights.get(factor);
    }

    /**
     * Σ wᵢ over all factors (whether they apply or not; {@link RiskModel#assess} sums those that apply),
     * summed in FACTOR_NAMES order so that the floating-point result, and with it the rounding
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
        return with(Map.of("model.responsiveness.max-open-requests", String.valueOf(openRequests),
                "model.attribution.max-pages", String.valueOf(pages),
                "model.pricing.max-promotions", String.valueOf(promotions)));
    }

    /** The same model with other weights for the factors named in {@code newWeights}. */
    public RiskModelConfig withWeights(Map<String, Double> newWeights) {
        Map<String, String> overrides = new LinkedHashMap<>();
        newWeights.forEach((factor, weight) -> {
            if (!FACTOR_NAMES.contains(factor)) {
                throw new IllegalArgumentException("unknown factor '" + factor + "' in weights; known factors: " + FACTOR_NAMES);
            }
            overrides.put(WEIGHT_PREFIX + factor, String.valueOf(weight));
        });
        return with(overrides);
    }
}
