package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.sale;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MarginErosionTest {

    private final MarginErosion factor = new MarginErosion(CFG);

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("marginErosion");
    }

    @Test
    void noSalesIsZero() {
        FactorResult r = factor.evaluate(state(), T0);

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.evidence()).isEmpty();
        assertThat(r.reason()).isNull();
    }

    @Test
    void meanMarginBelowTargetErodes() {
        PartnerState s = state();
        s.apply(sale("s-1", T0, 85, 100));   // 15%
        s.apply(sale("s-2", day(1), 95, 100)); // 5%

        FactorResult r = factor.evaluate(s, day(2));

        // m = 10%, (20% - 10%) / 20%
        assertThat(r.value()).isCloseTo(0.5, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "2 sales in the last 30 days: mean margin 10% against a target of 20%",
                "Sales: s-1, s-2");
        assertThat(r.reason()).isEqualTo("Over the last 30 days our mean margin on the partner's products was 10%"
                + " on 2 sales, against a target of 20%.");
    }

    @Test
    void negativeMarginIsClampedToOne() {
        PartnerState s = state();
        s.apply(sale("s-1", T0, 120, 100));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo("Over the last 30 days our mean margin on the partner's products was -20%"
                + " on 1 sale, against a target of 20%.");
    }

    @Test
    void marginAtOrAboveTargetIsZero() {
        PartnerState s = state();
        s.apply(sale("s-1", T0, 70, 100));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.reason()).isNull();
        assertThat(r.evidence()).containsExactly(
                "1 sale in the last 30 days: mean margin 30% against a target of 20%", "Sales: s-1");

        PartnerState atTarget = state();
        atTarget.apply(sale("s-1", T0, 80, 100));
        assertThat(factor.evaluate(atTarget, day(1)).value()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void windowExcludesItsLowerEdge() {
        PartnerState s = state();
        s.apply(sale("s-1", T0, 100, 100));      // 0%
        s.apply(sale("s-2", day(10), 80, 100));  // 20%

        // both: m = 10%
        assertThat(factor.evaluate(s, day(30).minusMillis(1)).value()).isCloseTo(0.5, within(1e-12));
        // s-1 sits exactly on now - 30d: excluded, m = 20%
        assertThat(factor.evaluate(s, day(30)).value()).isCloseTo(0.0, within(1e-12));
        assertThat(factor.evaluate(s, day(30)).evidence()).containsExactly(
                "1 sale in the last 30 days: mean margin 20% against a target of 20%", "Sales: s-2");
        // s-2 in the future is not counted yet
        assertThat(factor.evaluate(s, day(5)).value()).isEqualTo(1.0);
    }

    @Test
    void saleIdsAreCappedAtTen() {
        PartnerState s = state();
        for (int i = 0; i < 13; i++) {
            s.apply(sale(String.format("s-%02d", i), day(i), 90, 100));
        }

        FactorResult r = factor.evaluate(s, day(20));

        assertThat(r.value()).isCloseTo(0.5, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "13 sales in the last 30 days: mean margin 10% against a target of 20%",
                "Sales: s-00, s-01, s-02, s-03, s-04, s-05, s-06, s-07, s-08, s-09, and 3 more");
    }

    @Test
    void salesWithoutPricesAreIgnored() {
        PartnerState s = state();
        s.apply(Fixtures.pricing("s-1", io.partnersignals.contract.PricingEventType.SALE_RECORDED, T0)
                .setOurCost(50.0).build());

        assertThat(factor.evaluate(s, day(1)).evidence()).isEmpty();
    }
}
