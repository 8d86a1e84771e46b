package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.approach;
import static io.partnersignals.model.Fixtures.ask;
import static io.partnersignals.model.Fixtures.contribution;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.dealWon;
import static io.partnersignals.model.Fixtures.partnerRequest;
import static io.partnersignals.model.Fixtures.promotionStarted;
import static io.partnersignals.model.Fixtures.request;
import static io.partnersignals.model.Fixtures.sponsor;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.Direction;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.SponsorLevel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskModelTest {

    private final RiskModel model = new RiskModel(CFG);

    /**
     * sponsorship MANAGER 0.6 (9 points), responsiveness 1 (15), reciprocity 1 (15),
     * pricingExclusion 0.5 (5), harmfulAsk 1 (10); the rest 0. Score 54 at {@link #NOW}.
     */
    private static PartnerState troubled() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.MANAGER));
        s.apply(request("r-1", T0, "Benchmark rerun"));
        s.apply(contribution("c-1", day(50), Direction.OUTBOUND, 10_000));
        s.apply(promotionStarted("e-1", "PROMO-7", day(55), "GPU-9", 100.0, 90.0, false));
        s.apply(ask("r-9", "PROMO-7", day(55), "Push our sale"));
        return s;
    }

    private static final Instant NOW = day(60);

    private static RiskModelConfig weights(Map<String, Double> w) {
        Map<String, Double> all = new LinkedHashMap<>();
        for (String name : RiskModelConfig.FACTOR_NAMES) {
            all.put(name, 0.0);
        }
        all.putAll(w);
        return CFG.withWeights(all);
    }

    @Test
    void factorsAreInContractOrder() {
        assertThat(model.factors()).extracting(Factor::name).containsExactlyElementsOf(RiskModelConfig.FACTOR_NAMES);
        assertThat(model.assess(state(), T0).factors()).extracting(AssessedFactor::name)
                .containsExactlyElementsOf(RiskModelConfig.FACTOR_NAMES);
    }

    @Test
    void emptyStateCarriesOnlyTheUnknownSponsor() {
        Assessment a = model.assess(state(), T0);

        assertThat(a.score()).isEqualTo(15);
        assertThat(a.band()).isEqualTo(RiskBand.GREEN);
        assertThat(a.reasons()).containsExactly("We know of no sponsor of the partnership on the partner's side.");
        AssessedFactor sponsorship = a.factor(RiskModelConfig.SPONSORSHIP);
        assertThat(sponsorship.value()).isEqualTo(1.0);
        assertThat(sponsorship.weight()).isEqualTo(0.15);
        assertThat(sponsorship.contribution()).isCloseTo(15.0, within(1e-9));
        assertThat(a.factor(RiskModelConfig.DIVERSION).contribution()).isEqualTo(0.0);
    }

    @Test
    void scoreIsTheWeightedMeanInPoints() {
        Assessment a = model.assess(troubled(), NOW);

        assertThat(a.score()).isEqualTo(54);
        assertThat(a.band()).isEqualTo(RiskBand.AMBER);
        assertThat(a.factors()).extracting(AssessedFactor::value)
                .containsExactly(0.6, 1.0, 1.0, 0.0, 0.0, 0.5, 0.0, 1.0, 0.0);
        // dealFlow does not apply (no deals won before the last 90 days): weight 0
        assertThat(a.factors()).extracting(AssessedFactor::weight)
                .containsExactly(0.15, 0.15, 0.15, 0.10, 0.15, 0.10, 0.10, 0.10, 0.0);
        assertThat(a.factor(RiskModelConfig.SPONSORSHIP).contribution()).isCloseTo(9.0, within(1e-9));
        assertThat(a.factor(RiskModelConfig.RESPONSIVENESS).contribution()).isCloseTo(15.0, within(1e-9));
        assertThat(a.factor(RiskModelConfig.PRICING_EXCLUSION).contribution()).isCloseTo(5.0, within(1e-9));
        assertThat(a.factor(RiskModelConfig.HARMFUL_ASK).contribution()).isCloseTo(10.0, within(1e-9));
        assertThat(a.factor(RiskModelConfig.RESPONSIVENESS).evidence()).containsExactly(
                "r-1: request \"Benchmark rerun\" sent 2024-03-01, unanswered for 60 days or more");
    }

    @Test
    void reasonsAreOrderedByContributionThenByFactorOrder() {
        Assessment a = model.assess(troubled(), NOW);

        assertThat(a.reasons()).containsExactly(
                // 15 points each: responsiveness before reciprocity (FACTOR_NAMES order)
                "Our request r-1 (\"Benchmark rerun\") has gone 60 days or more without an answer.",
                "Over the last 90 days we gave the partner $10,000 in 1 contribution (roadshows, benchmarks, referrals)"
                        + " and received nothing back.",
                // 10 points
                "On 2024-04-25 the partner asked us to push its promotion PROMO-7, which excludes us, to our own"
                        + " customers (request r-9: \"Push our sale\").",
                // 9 points
                "The partnership is sponsored only at MANAGER level on the partner's side, since 2024-03-01.",
                // 5 points
                "The partner runs promotion PROMO-7 on GPU-9 at 10% off for selected partners and excludes us.");
    }

    @Test
    void weightsFromConfigChangeTheScore() {
        RiskModel heavier = new RiskModel(CFG.withWeights(Map.of(RiskModelConfig.HARMFUL_ASK, 0.5)));

        Assessment a = heavier.assess(troubled(), NOW);

        // 100 × (0.09 + 0.15 + 0.15 + 0.05 + 0.5) / 1.4 = 67.14
        assertThat(a.score()).isEqualTo(67);
        assertThat(a.band()).isEqualTo(RiskBand.RED);
        assertThat(a.factor(RiskModelConfig.HARMFUL_ASK).weight()).isEqualTo(0.5);
        assertThat(a.factor(RiskModelConfig.HARMFUL_ASK).contribution()).isCloseTo(50.0 / 1.4, within(1e-9));
        assertThat(a.reasons().get(0)).startsWith("On 2024-04-25 the partner asked us");
    }

    @Test
    void scoreIsRoundedHalfUp() {
        RiskModel m = new RiskModel(weights(Map.of(RiskModelConfig.SPONSORSHIP, 1.0, RiskModelConfig.HARMFUL_ASK, 7.0)));

        // unknown sponsor: 100 × 1 / 8 = 12.5
        assertThat(m.assess(state(), T0).score()).isEqualTo(13);
    }

    @Test
    void scoreIsRoundedToTheNearestPoint() {
        RiskModel m = new RiskModel(weights(Map.of(RiskModelConfig.SPONSORSHIP, 1.0, RiskModelConfig.HARMFUL_ASK, 2.0)));

        // 100 × 1 / 3 = 33.33
        Assessment low = m.assess(state(), T0);
        assertThat(low.score()).isEqualTo(33);
        assertThat(low.band()).isEqualTo(RiskBand.GREEN);

        // 100 × (0.6 + 2) / 3 = 86.67
        Assessment high = m.assess(troubled(), NOW);
        assertThat(high.score()).isEqualTo(87);
        assertThat(high.band()).isEqualTo(RiskBand.RED);
    }

    @Test
    void factorsWithZeroWeightGiveNoReason() {
        RiskModel m = new RiskModel(weights(Map.of(RiskModelConfig.SPONSORSHIP, 1.0, RiskModelConfig.HARMFUL_ASK, 2.0)));

        Assessment a = m.assess(troubled(), NOW);

        assertThat(a.factor(RiskModelConfig.RECIPROCITY).value()).isEqualTo(1.0);
        assertThat(a.factor(RiskModelConfig.RECIPROCITY).contribution()).isEqualTo(0.0);
        assertThat(a.reasons()).hasSize(2);
        assertThat(a.reasons().get(0)).startsWith("On 2024-04-25 the partner asked us");
        assertThat(a.reasons().get(1)).startsWith("The partnership is sponsored only at MANAGER level");
    }

    @Test
    void bandsFollowTheThresholds() {
        assertThat(model.bandOf(0)).isEqualTo(RiskBand.GREEN);
        assertThat(model.bandOf(34)).isEqualTo(RiskBand.GREEN);
        assertThat(model.bandOf(35)).isEqualTo(RiskBand.AMBER);
        assertThat(model.bandOf(59)).isEqualTo(RiskBand.AMBER);
        assertThat(model.bandOf(60)).isEqualTo(RiskBand.RED);
        assertThat(model.bandOf(100)).isEqualTo(RiskBand.RED);

        RiskModelConfig strict = CFG.with(Map.of("model.version", "t", "model.threshold.amber", "20",
                "model.threshold.red", "40"));
        RiskModel strictModel = new RiskModel(strict);
        assertThat(strictModel.bandOf(19)).isEqualTo(RiskBand.GREEN);
        assertThat(strictModel.bandOf(20)).isEqualTo(RiskBand.AMBER);
        assertThat(strictModel.bandOf(40)).isEqualTo(RiskBand.RED);
        assertThat(strictModel.assess(troubled(), NOW).band()).isEqualTo(RiskBand.RED);
    }

    @Test
    void sameStateAndInstantGiveTheSameAssessment() {
        assertThat(model.assess(troubled(), NOW)).isEqualTo(model.assess(troubled(), NOW));
    }

    @Test
    void timeAloneRaisesTheScore() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(request("r-1", T0, null));

        assertThat(model.assess(s, day(7)).score()).isEqualTo(0);
        assertThat(model.assess(s, day(7)).reasons()).isEmpty();
        assertThat(model.assess(s, day(46.75)).score()).isEqualTo(11); // 0.75 × 15 = 11.25 points
        assertThat(model.assess(s, day(60)).score()).isEqualTo(15);
    }

    /** The troubled partner with deals won: $40,000 in the 90 days before the last 90, $10,000 in the last. */
    private static PartnerState troubledWithDeals() {
        PartnerState s = troubled();
        s.apply(dealWon("d-1", day(60 - 150), 30_000.0));
        s.apply(dealWon("d-2", day(60 - 100), 10_000.0));
        s.apply(dealWon("d-3", day(60 - 10), 10_000.0));
        return s;
    }

    @Test
    void withoutDealHistoryTheScoreIsExactlyThatOfTheEightFactorsOfV1() {
        RiskModel withoutDealFlow = new RiskModel(CFG.withWeights(Map.of(RiskModelConfig.DEAL_FLOW, 0.0)));
        PartnerState onlyRecentDeals = troubled();
        onlyRecentDeals.apply(dealWon("d-9", day(59), 1_000_000.0)); // in P only from day 149
        for (PartnerState s : java.util.List.of(state(), troubled(), onlyRecentDeals)) {
            for (Instant at : java.util.List.of(T0, day(7), day(46.75), NOW, day(148.9))) {
                Assessment v2 = model.assess(s, at);
                Assessment eight = withoutDealFlow.assess(s, at);
                assertThat(v2.score()).isEqualTo(eight.score());
                assertThat(v2.reasons()).isEqualTo(eight.reasons());
                for (int i = 0; i < 8; i++) {
                    // the same total weight to the last bit, so the same contributions
                    assertThat(v2.factors().get(i)).isEqualTo(eight.factors().get(i));
                }
                AssessedFactor dealFlow = v2.factor(RiskModelConfig.DEAL_FLOW);
                assertThat(dealFlow.weight()).isEqualTo(0.0);
                assertThat(dealFlow.contribution()).isEqualTo(0.0);
                assertThat(dealFlow.value()).isEqualTo(0.0);
                assertThat(dealFlow.evidence()).containsExactly(
                        "No deals won with the partner in the 90 days before the last 90: deal flow does not apply.");
            }
        }
        assertThat(model.assess(troubled(), NOW).score()).isEqualTo(54);
    }

    @Test
    void withDealHistoryAllNineFactorsMakeTheScore() {
        Assessment a = model.assess(troubledWithDeals(), NOW);

        // P = 40,000, W = 10,000: dealFlow 0.75; the nine weights sum to 1.1:
        // 100 × (0.09 + 0.15 + 0.15 + 0.05 + 0.10 + 0.075) / 1.1 = 55.9
        assertThat(a.value(RiskModelConfig.DEAL_FLOW)).isEqualTo(0.75);
        assertThat(a.factor(RiskModelConfig.DEAL_FLOW).weight()).isEqualTo(0.10);
        assertThat(a.factor(RiskModelConfig.DEAL_FLOW).contribution()).isCloseTo(7.5 / 1.1, within(1e-9));
        assertThat(a.factor(RiskModelConfig.SPONSORSHIP).contribution()).isCloseTo(9.0 / 1.1, within(1e-9));
        assertThat(a.score()).isEqualTo(56);
        assertThat(a.band()).isEqualTo(RiskBand.AMBER);
        assertThat(a.reasons()).contains(
                "Deals won with the partner fell from $40,000 to $10,000 (\u221275 %) against the 90 days before.");
        assertThat(a.reasons().indexOf("Deals won with the partner fell from $40,000 to $10,000 (\u221275 %) against"
                + " the 90 days before.")).isEqualTo(4); // 6.8 points: after the sponsor's 8.2, before pricing's 4.5
    }

    @Test
    void ourSideIsAssessedBesideTheScoreAndTheApproachesAfterTheScoredReasons() {
        PartnerState s = troubled();
        s.apply(partnerRequest("pr-7", day(60 - 21), "Joint roadshow dates", null));
        s.apply(approach("ca-1", day(59), "Lunch next week?"));
        int before = model.assess(troubled(), NOW).score();

        Assessment a = model.assess(s, NOW);

        assertThat(a.score()).isEqualTo(before);
        // pr-7 waited 21 days: (21 - 7) / 53; ourReciprocity 0 (we gave, the partner did not)
        double ours = 14.0 / 53.0;
        assertThat(a.ourSide().factors()).extracting(AssessedFactor::name)
                .containsExactlyElementsOf(RiskModelConfig.OUR_SIDE_FACTOR_NAMES);
        assertThat(a.ourSide().factors().get(0).value()).isCloseTo(ours, within(1e-12));
        assertThat(a.ourSide().factors().get(0).weight()).isEqualTo(0.5);
        assertThat(a.ourSide().factors().get(0).contribution()).isCloseTo(50 * ours, within(1e-9));
        assertThat(a.ourSide().score()).isEqualTo((int) Math.round(100 * ours / 2));
        assertThat(a.ourSide().reasons()).containsExactly(
                "The partner's request pr-7 (\"Joint roadshow dates\") has waited 21 days for our answer.");
        assertThat(a.competitorApproaches()).containsExactly("ca-1");
        assertThat(a.reasons()).hasSize(6);
        assertThat(a.reasons().get(5)).isEqualTo(
                "1 of the partner's competitors approached us in the last 90 days: ca-1 (\"Lunch next week?\").");
        assertThat(a.fingerprint()).isNotEqualTo(model.assess(troubled(), NOW).fingerprint());
    }

    @Test
    void timeAloneReScoresAndPrunesFollowingTheWindowsOfAllThreeGroups() {
        PartnerState s = state();
        s.apply(dealWon("d-1", T0, 5_000.0));
        long t0 = T0.toEpochMilli();
        long day = 86_400_000L;
        // the deal moves from W to P at 90 days, leaves P at 180
        assertThat(model.nextChangeAfter(s, t0, day)).isEqualTo(t0 + 90 * day);
        assertThat(model.nextChangeAfter(s, t0 + 90 * day, day)).isEqualTo(t0 + 180 * day);
        assertThat(model.nextPruneAfter(s, t0)).isEqualTo(t0 + 180 * day + CFG.lateness().toMillis() + 1);

        PartnerState approached = state();
        approached.apply(approach("ca-1", T0, null));
        assertThat(model.nextChangeAfter(approached, t0, day)).isEqualTo(t0 + 90 * day);

        PartnerState asked = state();
        asked.apply(partnerRequest("pr-1", T0, null, null));
        assertThat(model.nextChangeAfter(asked, t0, day)).isEqualTo(t0 + 7 * day);
        assertThat(model.nextChangeAfter(asked, t0 + 7 * day, day)).isEqualTo(t0 + 8 * day);
        assertThat(model.nextPruneAfter(asked, t0)).isEqualTo(Long.MAX_VALUE);

        FactChanges none = FactChanges.NONE;
        model.prune(s, t0 + 180 * day + CFG.lateness().toMillis(), none);
        assertThat(s.getDealsWon()).containsKey("d-1");
        model.prune(s, t0 + 180 * day + CFG.lateness().toMillis() + 1, none);
        assertThat(s.getDealsWon()).isEmpty();
        model.prune(approached, t0 + 91 * day + 1, none);
        assertThat(approached.getCompetitorApproaches()).isEmpty();
    }

    @Test
    void theApplyingWeightsSummingToZeroGiveScoreZero() {
        RiskModel onlyDealFlow = new RiskModel(weights(Map.of(RiskModelConfig.DEAL_FLOW, 1.0)));

        Assessment a = onlyDealFlow.assess(troubled(), NOW);

        assertThat(a.score()).isEqualTo(0);
        assertThat(a.factors()).allSatisfy(f -> assertThat(f.contribution()).isEqualTo(0.0));
        assertThat(onlyDealFlow.assess(troubledWithDeals(), NOW).score()).isEqualTo(75);
    }
}
