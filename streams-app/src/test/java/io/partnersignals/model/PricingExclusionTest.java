package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.pricing;
import static io.partnersignals.model.Fixtures.promotionEnded;
import static io.partnersignals.model.Fixtures.promotionStarted;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.PricingEventType;
import org.junit.jupiter.api.Test;

class PricingExclusionTest {

    private final PricingExclusion factor = new PricingExclusion(CFG);

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("pricingExclusion");
    }

    @Test
    void noPromotionIsZero() {
        FactorResult r = factor.evaluate(state(), T0);

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.evidence()).isEmpty();
        assertThat(r.reason()).isNull();
    }

    @Test
    void excludedDiscountScalesToTheFullDiscount() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-7", T0, "GPU-9", 200.0, 180.0, false));

        FactorResult r = factor.evaluate(s, day(1));

        // d = 10%, full at 20%
        assertThat(r.value()).isCloseTo(0.5, within(1e-12));
        assertThat(r.evidence()).containsExactly("Promotion PROMO-7 on GPU-9: list $200, promotion $180 (10% off)"
                + " for selected partners, not for us; running since 2024-03-01");
        assertThat(r.reason()).isEqualTo(
                "The partner runs promotion PROMO-7 on GPU-9 at 10% off for selected partners and excludes us.");
    }

    @Test
    void discountBeyondTheFullDiscountIsCapped() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-7", T0, null, 100.0, 75.0, false));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo(
                "The partner runs promotion PROMO-7 at 25% off for selected partners and excludes us.");
    }

    @Test
    void eligibleOrUnknownEligibilityDoesNotCount() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-1", T0, null, 100.0, 75.0, true));
        s.apply(promotionStarted("e-2", "PROMO-2", T0, null, 100.0, 75.0, null));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.evidence()).isEmpty();
    }

    @Test
    void notStartedYetDoesNotCount() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-7", day(5), null, 100.0, 90.0, false));

        assertThat(factor.evaluate(s, day(5).minusMillis(1)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(5)).value()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void endedPromotionStopsCountingAtItsEnd() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-7", T0, null, 100.0, 90.0, false));
        s.apply(promotionEnded("e-2", "PROMO-7", day(10)));

        assertThat(factor.evaluate(s, day(10).minusMillis(1)).value()).isCloseTo(0.5, within(1e-12));
        assertThat(factor.evaluate(s, day(10)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(10)).evidence()).isEmpty();
    }

    @Test
    void promotionWithoutEndStopsCountingAfterTheMaximumDuration() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-7", T0, null, 100.0, 90.0, false));

        assertThat(factor.evaluate(s, day(180).minusMillis(1)).value()).isCloseTo(0.5, within(1e-12));
        assertThat(factor.evaluate(s, day(180)).value()).isEqualTo(0.0);
    }

    @Test
    void largestDiscountOfTheRunningExcludingPromotionsDecides() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-A", T0, "SKU-A", 100.0, 95.0, false));
        s.apply(promotionStarted("e-2", "PROMO-B", day(1), "SKU-B", 1000.0, 880.0, false));
        s.apply(promotionStarted("e-3", "PROMO-C", day(1), "SKU-C", 100.0, 50.0, true));

        FactorResult r = factor.evaluate(s, day(2));

        assertThat(r.value()).isCloseTo(0.6, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "Promotion PROMO-A on SKU-A: list $100, promotion $95 (5% off) for selected partners, not for us;"
                        + " running since 2024-03-01",
                "Promotion PROMO-B on SKU-B: list $1,000, promotion $880 (12% off) for selected partners, not for us;"
                        + " running since 2024-03-02");
        assertThat(r.reason()).isEqualTo("The partner runs promotion PROMO-B on SKU-B at 12% off for selected partners"
                + " and excludes us (and from 1 more running promotion).");
    }

    @Test
    void priceChangeUpdatesTheDiscount() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-7", T0, "SKU-1", 100.0, 95.0, false));
        s.apply(pricing("e-2", PricingEventType.PRICE_CHANGED, day(1))
                .setPromotionId("PROMO-7").setListPrice(100.0).setPromoPrice(87.5).build());

        FactorResult r = factor.evaluate(s, day(2));

        assertThat(r.value()).isCloseTo(0.625, within(1e-12));
        assertThat(r.reason()).isEqualTo(
                "The partner runs promotion PROMO-7 on SKU-1 at 12.5% off for selected partners and excludes us.");
    }

    @Test
    void excludedPromotionWithUnknownPricesIsEvidenceButNoRisk() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-7", T0, null, null, null, false));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.reason()).isNull();
        assertThat(r.evidence()).containsExactly(
                "Promotion PROMO-7: prices unknown for selected partners, not for us; running since 2024-03-01");
    }
}
