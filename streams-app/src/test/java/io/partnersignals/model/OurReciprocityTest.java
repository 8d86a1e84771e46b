package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.contribution;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.Direction;
import org.junit.jupiter.api.Test;

class OurReciprocityTest {

    private final OurReciprocity factor = new OurReciprocity(CFG);

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("ourReciprocity");
    }

    @Test
    void receivingNoMoreThanWeGiveIsZero() {
        PartnerState s = state();
        assertThat(factor.evaluate(s, day(100)).value()).isEqualTo(0.0);

        s.apply(contribution("c-1", day(50), Direction.OUTBOUND, 5_000));
        s.apply(contribution("c-2", day(60), Direction.INBOUND, 5_000));
        FactorResult equal = factor.evaluate(s, day(100));
        assertThat(equal.value()).isEqualTo(0.0);
        assertThat(equal.reason()).isNull();

        s.apply(contribution("c-3", day(70), Direction.OUTBOUND, 1));
        assertThat(factor.evaluate(s, day(100)).value()).isEqualTo(0.0);
    }

    @Test
    void receivingMoreIsTheShareOfTheDifference() {
        PartnerState s = state();
        s.apply(contribution("c-1", day(50), Direction.INBOUND, 20_000));
        s.apply(contribution("c-2", day(55), Direction.INBOUND, 10_000));
        s.apply(contribution("c-3", day(60), Direction.OUTBOUND, 10_000));

        FactorResult r = factor.evaluate(s, day(100));

        // (30,000 - 10,000) / (30,000 + 10,000)
        assertThat(r.value()).isCloseTo(0.5, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "Received from the partner in the last 90 days: $30,000 in 2 contributions (c-1, c-2)",
                "Given by us in the last 90 days: $10,000 in 1 contribution (c-3)");
        assertThat(r.reason()).isEqualTo(
                "Over the last 90 days the partner gave us $30,000 in 2 contributions and we gave back only $10,000.");
    }

    @Test
    void givingNothingBackIsOne() {
        PartnerState s = state();
        s.apply(contribution("c-1", day(50), Direction.INBOUND, 7_500));

        FactorResult r = factor.evaluate(s, day(100));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo(
                "Over the last 90 days the partner gave us $7,500 in 1 contribution and we gave nothing back.");
    }

    @Test
    void theWindowIsThatOfReciprocity() {
        PartnerState s = state();
        s.apply(contribution("c-old", day(10), Direction.INBOUND, 9_000)); // exactly 90 days before day 100: out
        s.apply(contribution("c-1", day(10.5), Direction.INBOUND, 3_000));
        s.apply(contribution("c-2", day(100.5), Direction.INBOUND, 3_000)); // after now: out

        assertThat(factor.evaluate(s, day(100)).evidence().get(0))
                .isEqualTo("Received from the partner in the last 90 days: $3,000 in 1 contribution (c-1)");
        assertThat(factor.windows()).hasSize(1);
        assertThat(factor.windows().get(0).kind()).isEqualTo(PartnerState.Facts.CONTRIBUTIONS);
        assertThat(new OurReciprocity(CFG.with(java.util.Map.of("model.reciprocity.window", "30d")))
                .evaluate(s, day(100)).value()).isEqualTo(0.0);
    }
}
