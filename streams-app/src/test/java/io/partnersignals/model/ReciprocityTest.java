package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.contribution;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.Direction;
import org.junit.jupiter.api.Test;

class ReciprocityTest {

    private final Reciprocity factor = new Reciprocity(CFG);

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("reciprocity");
    }

    @Test
    void noContributionsIsZero() {
        FactorResult r = factor.evaluate(state(), T0);

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.evidence()).isEmpty();
        assertThat(r.reason()).isNull();
    }

    @Test
    void givingNoMoreThanWeReceiveIsZero() {
        PartnerState s = state();
        s.apply(contribution("c-1", T0, Direction.OUTBOUND, 5000));
        s.apply(contribution("c-2", day(1), Direction.INBOUND, 5000));

        FactorResult r = factor.evaluate(s, day(2));

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.reason()).isNull();
        assertThat(r.evidence()).containsExactly(
                "Given by us in the last 90 days: $5,000 in 1 contribution (c-1)",
                "Received from the partner in the last 90 days: $5,000 in 1 contribution (c-2)");

        s.apply(contribution("c-3", day(1), Direction.INBOUND, 1));
        assertThat(factor.evaluate(s, day(2)).value()).isEqualTo(0.0);
    }

    @Test
    void imbalanceIsGivenMinusReceivedOverTheirSum() {
        PartnerState s = state();
        s.apply(contribution("c-1", T0, Direction.OUTBOUND, 8000));
        s.apply(contribution("c-2", day(1), Direction.OUTBOUND, 4000));
        s.apply(contribution("c-3", day(2), Direction.INBOUND, 2000));
        s.apply(contribution("c-4", day(3), Direction.OUTBOUND, 0));

        FactorResult r = factor.evaluate(s, day(10));

        // (12000 - 2000) / (12000 + 2000)
        assertThat(r.value()).isCloseTo(10.0 / 14.0, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "Given by us in the last 90 days: $12,000 in 3 contributions (c-1, c-2, c-4)",
                "Received from the partner in the last 90 days: $2,000 in 1 contribution (c-3)");
        assertThat(r.reason()).isEqualTo("Over the last 90 days we gave the partner $12,000 in 3 contributions"
                + " (roadshows, benchmarks, referrals) and received only $2,000 in 1 contribution back.");
    }

    @Test
    void nothingReceivedIsFullRisk() {
        PartnerState s = state();
        s.apply(contribution("c-1", T0, Direction.OUTBOUND, 1234.5));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.evidence()).containsExactly(
                "Given by us in the last 90 days: $1,234.50 in 1 contribution (c-1)",
                "Received from the partner in the last 90 days: $0 in 0 contributions");
        assertThat(r.reason()).isEqualTo("Over the last 90 days we gave the partner $1,234.50 in 1 contribution"
                + " (roadshows, benchmarks, referrals) and received nothing back.");
    }

    @Test
    void windowExcludesItsLowerEdgeAndTheFuture() {
        PartnerState s = state();
        s.apply(contribution("c-1", T0, Direction.INBOUND, 3000));
        s.apply(contribution("c-2", day(10), Direction.OUTBOUND, 1000));

        // at day 90 the received 3000 sits exactly on the lower edge (now - 90d): excluded
        assertThat(factor.evaluate(s, day(90)).value()).isEqualTo(1.0);
        // 1 ms earlier it is inside: 1000 <= 3000
        assertThat(factor.evaluate(s, day(90).minusMillis(1)).value()).isEqualTo(0.0);
        // before c-2 happened only the received value counts
        assertThat(factor.evaluate(s, day(5)).evidence()).containsExactly(
                "Given by us in the last 90 days: $0 in 0 contributions",
                "Received from the partner in the last 90 days: $3,000 in 1 contribution (c-1)");
    }

    @Test
    void duplicatedContributionCountsOnce() {
        PartnerState s = state();
        s.apply(contribution("c-1", T0, Direction.OUTBOUND, 3000));
        s.apply(contribution("c-1", T0, Direction.OUTBOUND, 3000));
        s.apply(contribution("c-2", T0, Direction.INBOUND, 1000));

        assertThat(factor.evaluate(s, day(1)).value()).isEqualTo(0.5);
    }
}
