package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.activity;
import static io.partnersignals.model.Fixtures.ask;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.ourResponse;
import static io.partnersignals.model.Fixtures.partnerRequest;
import static io.partnersignals.model.Fixtures.promotionEnded;
import static io.partnersignals.model.Fixtures.promotionStarted;
import static io.partnersignals.model.Fixtures.request;
import static io.partnersignals.model.Fixtures.response;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PricingEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OurResponsivenessTest {

    private final OurResponsiveness factor = new OurResponsiveness(CFG);

    private static PartnerState oneRequest() {
        PartnerState s = state();
        s.apply(partnerRequest("pr-7", T0, "Joint roadshow dates", null));
        return s;
    }

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("ourResponsiveness");
    }

    @Test
    void zeroUpTo7DaysThenRisingLinearlyToOneAt60() {
        PartnerState s = oneRequest();

        assertThat(factor.evaluate(state(), day(30)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, T0).value()).isEqualTo(0.0);
        FactorResult atGrace = factor.evaluate(s, day(7));
        assertThat(atGrace.value()).isEqualTo(0.0);
        assertThat(atGrace.reason()).isNull();
        assertThat(atGrace.evidence()).containsExactly(
                "pr-7: the partner's request \"Joint roadshow dates\" of 2024-03-01, unanswered by us for 7 days");
        assertThat(factor.evaluate(s, day(7).plusMillis(1)).value()).isGreaterThan(0.0);
        assertThat(factor.evaluate(s, day(33.5)).value()).isEqualTo(0.5);
        assertThat(factor.evaluate(s, day(60).minusMillis(1)).value()).isLessThan(1.0);
        assertThat(factor.evaluate(s, day(60)).value()).isEqualTo(1.0);
        assertThat(factor.evaluate(s, day(400)).value()).isEqualTo(1.0);
    }

    @Test
    void theSentenceIsWrittenFromOurSide() {
        PartnerState s = oneRequest();
        s.apply(activity("pr-8", ActivityType.ESCALATION, Direction.INBOUND, day(3)).build());

        FactorResult r = factor.evaluate(s, day(21));

        assertThat(r.value()).isCloseTo(14.0 / 53.0, within(1e-12));
        assertThat(r.reason()).isEqualTo("The partner's request pr-7 (\"Joint roadshow dates\") has waited 21 days for"
                + " our answer, and 1 more of its requests is still open.");
        assertThat(r.evidence()).containsExactly(
                "pr-7: the partner's request \"Joint roadshow dates\" of 2024-03-01, unanswered by us for 21 days",
                "pr-8: the partner's escalation of 2024-03-04, unanswered by us for 18 days");
        assertThat(factor.evaluate(s, day(90)).reason()).startsWith(
                "The partner's request pr-7 (\"Joint roadshow dates\") has waited 60 days or more for our answer");
    }

    @Test
    void ourOutboundResponseAnswersItAndTheirInboundResponseDoesNot() {
        PartnerState s = oneRequest();

        s.apply(response("x-1", day(10), "pr-7")); // the partner answering itself
        assertThat(s.getPartnerRequests()).containsOnlyKeys("pr-7");
        assertThat(factor.evaluate(s, day(30)).value()).isGreaterThan(0.0);

        assertThat(s.apply(ourResponse("o-1", day(20), "pr-7"))).isTrue();
        assertThat(factor.evaluate(s, day(30)).value()).isEqualTo(0.0);
        assertThat(s.getPartnerRequests()).isEmpty();
        assertThat(s.getOurAnswers()).containsEntry("pr-7", day(20).toEpochMilli());
        // a repeated copy of the request stays closed
        assertThat(s.apply(partnerRequest("pr-7", T0, "Joint roadshow dates", null))).isFalse();
    }

    @Test
    void anAnswerArrivingBeforeItsRequestKeepsItClosed() {
        PartnerState s = state();
        s.apply(ourResponse("o-1", day(5), "pr-7"));
        s.apply(partnerRequest("pr-7", T0, "Joint roadshow dates", null));

        assertThat(factor.evaluate(s, day(30)).value()).isEqualTo(0.0);
    }

    @Test
    void ourOwnRequestsAreNotThePartners() {
        PartnerState s = state();
        s.apply(request("r-1", T0, "Benchmark"));

        assertThat(factor.evaluate(s, day(30)).value()).isEqualTo(0.0);
        assertThat(s.getPartnerRequests()).isEmpty();
    }

    private static PricingEvent excluded() {
        return promotionStarted("e-1", "PROMO-7", day(1), "GPU-9", 100.0, 80.0, false);
    }

    @Test
    void aRequestAboutAPromotionThatExcludesUsNeverCountsInEitherOrderOfArrival() {
        PartnerState requestFirst = state();
        requestFirst.apply(partnerRequest("pr-1", T0, "Push our sale", "PROMO-7"));
        assertThat(factor.evaluate(requestFirst, day(30)).value()).isGreaterThan(0.0); // not yet known to exclude us
        requestFirst.apply(excluded());

        PartnerState promotionFirst = state();
        promotionFirst.apply(excluded());
        promotionFirst.apply(partnerRequest("pr-1", T0, "Push our sale", "PROMO-7"));

        for (PartnerState s : List.of(requestFirst, promotionFirst)) {
            FactorResult r = factor.evaluate(s, day(30));
            assertThat(r.value()).isEqualTo(0.0);
            assertThat(r.evidence()).isEmpty();
        }
    }

    @Test
    void aRequestAboutAPromotionOpenToUsCounts() {
        PartnerState s = state();
        s.apply(promotionStarted("e-1", "PROMO-8", day(1), "GPU-9", 100.0, 80.0, true));
        s.apply(partnerRequest("pr-1", T0, "Push our sale", "PROMO-8"));

        assertThat(factor.evaluate(s, day(60)).value()).isEqualTo(1.0);
    }

    @Test
    void aRecordedHarmfulAskNeverCounts() {
        PartnerState s = state();
        s.apply(partnerRequest("pr-1", T0, "Push our sale", "PROMO-X")); // its promotion not in the state
        s.apply(ask("pr-1", "PROMO-X", T0, "Push our sale"));

        assertThat(factor.evaluate(s, day(30)).value()).isEqualTo(0.0);
    }

    @Test
    void aPromotionThatExcludesUsIsKeptAsLongAsARequestAboutItMayStayOpen() {
        RiskModel model = new RiskModel(CFG);
        PartnerState s = state();
        s.apply(excluded());
        s.apply(promotionEnded("e-2", "PROMO-7", day(20)));
        s.apply(promotionStarted("e-3", "PROMO-8", day(1), "GPU-9", 100.0, 80.0, true));
        s.apply(promotionEnded("e-4", "PROMO-8", day(20)));
        s.apply(partnerRequest("pr-1", T0, "Push our sale", "PROMO-7"));

        model.prune(s, day(400).toEpochMilli(), FactChanges.NONE);

        assertThat(s.getPromotions()).containsOnlyKeys("PROMO-7");
        assertThat(model.assess(s, day(400)).ourSide().score()).isEqualTo(0);
    }

    @Test
    void thePartnersRequestsAreHeldToTheirLimitNewestDroppedFirst() {
        RiskModel model = new RiskModel(CFG.with(Map.of("model.our-responsiveness.max-open-requests", "2")));
        PartnerState s = state();
        s.apply(partnerRequest("pr-3", day(2), null, null));
        s.apply(partnerRequest("pr-1", T0, null, null));
        s.apply(partnerRequest("pr-2", day(1), null, null));
        s.apply(request("r-1", T0, null)); // ours: not under this limit

        assertThat(model.limit(s, FactChanges.NONE)).containsExactly(PartnerState.Facts.PARTNER_REQUESTS);

        assertThat(s.getPartnerRequests()).containsOnlyKeys("pr-1", "pr-2");
        assertThat(s.getOpenRequests()).containsOnlyKeys("r-1");
        assertThat(model.limit(s, FactChanges.NONE)).isEmpty();
    }

    @Test
    void timeAloneReScoresOnTheRampAndAnAnswerIsKeptForTheFullAge() {
        RiskModel model = new RiskModel(CFG);
        long day = 86_400_000L;
        long t0 = T0.toEpochMilli();
        PartnerState s = oneRequest();

        assertThat(model.nextChangeAfter(s, t0, day)).isEqualTo(t0 + 7 * day);
        assertThat(model.nextChangeAfter(s, t0 + 7 * day, day)).isEqualTo(t0 + 8 * day);
        assertThat(model.nextChangeAfter(s, t0 + 60 * day, day)).isEqualTo(Long.MAX_VALUE);

        s.apply(ourResponse("o-1", day(3), "pr-7"));
        assertThat(model.nextPruneAfter(s, t0)).isEqualTo(t0 + 63 * day + CFG.lateness().toMillis() + 1);
    }
}
