package io.partnersignals.model;

import io.partnersignals.model.PartnerState.Promotion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether the partner runs a promotion we are excluded from: of the promotions running now with
 * eligibleForUs false, the largest denied discount d; factor = min(1, d / pricingFullDiscount).
 */
public final class PricingExclusion implements Factor {

    private final RiskModelConfig config;

    public PricingExclusion(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.PRICING_EXCLUSION;
    }

    /**
     * A promotion counts from its start until it ends or reaches maxPromotionDuration; one whose start
     * and end are both unknown is kept maxPromotionDuration after its last price, for the events to come.
     */
    @Override
    public List<FactWindow<?>> windows() {
        long max = config.maxPromotionDuration().toMillis();
        return List.of(new FactWindow<>(PartnerState.Facts.PROMOTIONS, Promotion.class,
                (p, now, step) -> FactWindow.after(now,
                        p.startedAt() == null ? Long.MIN_VALUE : p.startedAt(),
                        p.startedAt() == null ? Long.MIN_VALUE : p.startedAt() + max,
                        p.endedAt() == null ? Long.MIN_VALUE : p.endedAt()),
                p -> leaves(p, max), null));
    }

    private static long leaves(Promotion p, long max) {
        if (p.startedAt() == null && p.endedAt() == null) {
            return p.pricedAt() + max;
        }
        long end = p.endedAt() == null ? Long.MAX_VALUE : p.endedAt();
        return p.startedAt() == null ? end : Math.min(end, p.startedAt() + max);
    }

    /**
     * Whether the promotion runs at {@code now}: started at or before now, not ended at or before now,
     * and younger than maxPromotionDuration (a promotion whose end we never heard of stops counting then).
     */
    boolean isRunning(Promotion p, long now) {
        return p.startedAt() != null
                && p.startedAt() <= now
                && (p.endedAt() == null || p.endedAt() > now)
                && now < p.startedAt() + config.maxPromotionDuration().toMillis();
    }



    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        List<Promotion> excluding = new ArrayList<>();
        for (Promotion p : state.getPromotions().values()) { // a TreeMap: promotion id order
            if (Boolean.FALSE.equals(p.eligibleForUs()) && isRunning(p, t)) {
                excluding.add(p);
            }
        }
        if (excluding.isEmpty()) {
            return FactorResult.zero(name());
        }
        Promotion largest = null;
        List<String> evidence = new ArrayList<>();
        for (Promotion p : excluding) {
            if (largest == null || p.discount() > largest.discount()) {
                largest = p; // ties keep the first by promotion id
            }
            evidence.add(describe(p));
        }
        double d = largest.discount();
        double value = Math.min(1.0, d / config.pricingFullDiscount());
        String reason = null;
        if (value > 0) {
            reason = "The partner runs promotion " + largest.promotionId()
                    + (largest.sku() == null ? "" : " on " + largest.sku())
                    + " at " + Formats.percent(d) + " off for selected partners and excludes us";
            int others = excluding.size() - 1;
            if (others > 0) {
                reason += others == 1 ? " (and from 1 more running promotion)"
                        : " (and from " + others + " more running promotions)";
            }
            reason += ".";
        }
        return new FactorResult(name(), value, evidence, reason);
    }

    private static String describe(Promotion p) {
        String prices = p.listPrice() == null || p.promoPrice() == null
                ? "prices unknown"
                : "list " + Formats.money(p.listPrice()) + ", promotion " + Formats.money(p.promoPrice())
                + " (" + Formats.percent(p.discount()) + " off)";
        return "Promotion " + p.promotionId() + (p.sku() == null ? "" : " on " + p.sku()) + ": " + prices
                + " for selected partners, not for us; running since " + Formats.date(p.startedAt());
    }
}
