package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.activity;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.dealWon;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Direction;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DealFlowTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    private final DealFlow factor = new DealFlow(CFG);

    /** Evaluated at day 200: W = (110, 200], P = (20, 110]. */
    private static final double NOW = 200;

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("dealFlow");
    }

    @Test
    void withoutDealsInTheEarlierWindowTheFactorDoesNotApply() {
        PartnerState s = state();
        assertThat(factor.evaluate(s, day(NOW)).applies()).isFalse();

        s.apply(dealWon("d-1", day(150), 50_000.0)); // in W only
        FactorResult r = factor.evaluate(s, day(NOW));

        assertThat(r.applies()).isFalse();
        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.reason()).isNull();
        assertThat(r.evidence()).containsExactly(
                "No deals won with the partner in the 90 days before the last 90: deal flow does not apply.");
    }

    @Test
    void dealsOfNoValueInTheEarlierWindowDoNotMakeItApply() {
        PartnerState s = state();
        s.apply(dealWon("d-1", day(50), null)); // valueUsd absent counts 0

        FactorResult r = factor.evaluate(s, day(NOW));

        assertThat(r.applies()).isFalse();
        assertThat(r.evidence()).containsExactly("The deals won with the partner in the 90 days before the last 90"
                + " (d-1) have no value: deal flow does not apply.");
    }

    @Test
    void asMuchOrMoreWonLatelyIsZero() {
        PartnerState s = state();
        s.apply(dealWon("d-1", day(50), 20_000.0));
        s.apply(dealWon("d-2", day(150), 20_000.0));

        FactorResult same = factor.evaluate(s, day(NOW));
        assertThat(same.applies()).isTrue();
        assertThat(same.value()).isEqualTo(0.0);
        assertThat(same.reason()).isNull();

        s.apply(dealWon("d-3", day(160), 1.0));
        assertThat(factor.evaluate(s, day(NOW)).value()).isEqualTo(0.0);
    }

    @Test
    void theFallIsTheShareOfTheEarlierValueLost() {
        PartnerState s = state();
        s.apply(dealWon("d-1", day(30), 30_000.0));
        s.apply(activity("d-2", ActivityType.DEAL_WON, Direction.INBOUND, day(60)).setValueUsd(10_000.0).build());
        s.apply(dealWon("d-3", day(180), 12_000.0));

        FactorResult r = factor.evaluate(s, day(NOW));

        assertThat(r.applies()).isTrue();
        assertThat(r.value()).isCloseTo(0.7, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "Won with the partner in the last 90 days: $12,000 in 1 deal (d-3)",
                "Won with the partner in the 90 days before: $40,000 in 2 deals (d-1, d-2)");
        assertThat(r.reason()).isEqualTo(
                "Deals won with the partner fell from $40,000 to $12,000 (\u221270 %) against the 90 days before.");
    }

    @Test
    void nothingWonLatelyIsOne() {
        PartnerState s = state();
        s.apply(dealWon("d-1", day(30), 30_000.0));

        FactorResult r = factor.evaluate(s, day(NOW));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.evidence().get(0)).isEqualTo("Won with the partner in the last 90 days: $0 in 0 deals");
        assertThat(r.reason()).isEqualTo(
                "Deals won with the partner fell from $30,000 to $0 (\u2212100 %) against the 90 days before.");
    }

    @Test
    void theWindowsMeetAtNowMinus90DaysAndEndAtNowMinus180() {
        PartnerState s = state();
        s.apply(dealWon("d-old", day(NOW - 180), 1_000_000.0)); // exactly 180 days: out of P
        s.apply(dealWon("d-p", day(NOW - 90), 10_000.0));        // exactly 90 days: in P, not W
        s.apply(dealWon("d-w", day(NOW - 89.9), 4_000.0));       // in W

        FactorResult r = factor.evaluate(s, day(NOW));

        assertThat(r.value()).isCloseTo(0.6, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "Won with the partner in the last 90 days: $4,000 in 1 deal (d-w)",
                "Won with the partner in the 90 days before: $10,000 in 1 deal (d-p)");
        // a millisecond earlier, d-old is in P and d-p still in W
        FactorResult before = factor.evaluate(s, day(NOW).minusMillis(1));
        assertThat(before.evidence()).containsExactly(
                "Won with the partner in the last 90 days: $14,000 in 2 deals (d-p, d-w)",
                "Won with the partner in the 90 days before: $1,000,000 in 1 deal (d-old)");
    }

    @Test
    void aDuplicatedDealCountsOnce() {
        PartnerState s = state();
        assertThat(s.apply(dealWon("d-1", day(30), 30_000.0))).isTrue();
        assertThat(s.apply(dealWon("d-1", day(30), 30_000.0))).isFalse();
        s.apply(dealWon("d-2", day(180), 15_000.0));

        assertThat(factor.evaluate(s, day(NOW)).value()).isEqualTo(0.5);
        assertThat(s.getDealsWon()).hasSize(2);
    }

    @Test
    void otherDealActivitiesAreNotDealsWon() {
        PartnerState s = state();
        assertThat(s.apply(activity("d-1", ActivityType.DEAL_LOST, Direction.OUTBOUND, day(30)).setValueUsd(5.0).build()))
                .isFalse();
        assertThat(s.apply(activity("d-2", ActivityType.DEAL_REGISTERED, Direction.INBOUND, day(30)).setValueUsd(5.0)
                .build())).isFalse();
        assertThat(s.getDealsWon()).isEmpty();
    }

    @Test
    void timeAloneChangesTheFactorWhenADealMovesToTheEarlierWindowAndWhenItLeavesIt() {
        PartnerState s = state();
        s.apply(dealWon("d-1", T0, 10_000.0));
        RiskModel model = new RiskModel(CFG);
        long t0 = T0.toEpochMilli();

        assertThat(model.nextChangeAfter(s, t0 - 1, DAY)).isEqualTo(t0);
        assertThat(model.nextChangeAfter(s, t0, DAY)).isEqualTo(t0 + 90 * DAY);
        assertThat(model.nextChangeAfter(s, t0 + 90 * DAY, DAY)).isEqualTo(t0 + 180 * DAY);
        assertThat(model.nextChangeAfter(s, t0 + 180 * DAY, DAY)).isEqualTo(Long.MAX_VALUE);

        assertThat(factor.evaluate(s, day(90).minusMillis(1)).applies()).isFalse();
        assertThat(factor.evaluate(s, day(90)).value()).isEqualTo(1.0);
        assertThat(factor.evaluate(s, day(180).minusMillis(1)).value()).isEqualTo(1.0);
        assertThat(factor.evaluate(s, day(180)).applies()).isFalse();
    }

    @Test
    void theWindowIsConfiguration() {
        DealFlow monthly = new DealFlow(CFG.with(Map.of("model.deal-flow.window", "30d")));
        PartnerState s = state();
        s.apply(dealWon("d-1", day(NOW - 45), 8_000.0));
        s.apply(dealWon("d-2", day(NOW - 10), 2_000.0));

        FactorResult r = monthly.evaluate(s, day(NOW));

        assertThat(r.value()).isEqualTo(0.75);
        assertThat(r.reason()).endsWith("against the 30 days before.");
        assertThat(factor.evaluate(s, day(NOW)).applies()).isFalse();
    }
}
