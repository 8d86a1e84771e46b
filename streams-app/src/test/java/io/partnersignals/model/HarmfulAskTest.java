package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.ask;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HarmfulAskTest {

    private final HarmfulAsk factor = new HarmfulAsk(CFG);

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("harmfulAsk");
    }

    @Test
    void noAskIsZero() {
        FactorResult r = factor.evaluate(state(), T0);

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.evidence()).isEmpty();
        assertThat(r.reason()).isNull();
    }

    @Test
    void askCountsFromItsTimeForNinetyDays() {
        PartnerState s = state();
        s.apply(ask("r-9", "PROMO-7", day(4), "Push our spring sale"));

        assertThat(factor.evaluate(s, day(4).minusMillis(1)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(4)).value()).isEqualTo(1.0);
        assertThat(factor.evaluate(s, day(94).minusMillis(1)).value()).isEqualTo(1.0);
        assertThat(factor.evaluate(s, day(94)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(94)).evidence()).isEmpty();
        assertThat(factor.evaluate(s, day(94)).reason()).isNull();
    }

    @Test
    void evidenceAndReasonNameRequestPromotionDateAndSubject() {
        PartnerState s = state();
        s.apply(ask("r-9", "PROMO-7", day(4), "Push our spring sale"));

        FactorResult r = factor.evaluate(s, day(10));

        assertThat(r.evidence()).containsExactly(
                "Request r-9 of 2024-03-05 asks us to push promotion PROMO-7, which excludes us: \"Push our spring sale\"");
        assertThat(r.reason()).isEqualTo("On 2024-03-05 the partner asked us to push its promotion PROMO-7, which"
                + " excludes us, to our own customers (request r-9: \"Push our spring sale\").");
    }

    @Test
    void severalActiveAsksAreAllEvidenceAndTheLatestIsTheReason() {
        PartnerState s = state();
        s.apply(ask("r-2", "PROMO-8", day(20), null));
        s.apply(ask("r-1", "PROMO-7", day(4), "Push our spring sale"));
        s.apply(ask("r-0", "PROMO-6", T0.minusSeconds(91L * 24 * 3600), "Expired"));

        FactorResult r = factor.evaluate(s, day(30));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.evidence()).containsExactly(
                "Request r-1 of 2024-03-05 asks us to push promotion PROMO-7, which excludes us: \"Push our spring sale\"",
                "Request r-2 of 2024-03-21 asks us to push promotion PROMO-8, which excludes us");
        assertThat(r.reason()).isEqualTo("On 2024-03-21 the partner asked us to push its promotion PROMO-8, which"
                + " excludes us, to our own customers (request r-2), after 1 earlier such request.");
    }

    @Test
    void repeatedAskKeepsItsFirstTime() {
        PartnerState s = state();
        s.apply(ask("r-9", "PROMO-7", day(4), "Push"));
        s.apply(ask("r-9", "PROMO-7", day(6), "Push"));

        assertThat(factor.evaluate(s, day(94)).value()).isEqualTo(0.0);
    }
}
