package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.sponsor;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.SponsorLevel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SponsorshipTest {

    private final Sponsorship factor = new Sponsorship(CFG);

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("sponsorship");
    }

    @Test
    void unknownSponsorIsFullRisk() {
        FactorResult r = factor.evaluate(state(), T0);

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo("We know of no sponsor of the partnership on the partner's side.");
        assertThat(r.evidence()).containsExactly(
                "No sponsor change is known: the partner's sponsor of the partnership is unknown");
    }

    @ParameterizedTest
    @CsvSource({"EXECUTIVE, 0.0", "SENIOR_MANAGER, 0.25", "MANAGER, 0.6", "STAFF, 0.8", "NONE, 1.0"})
    void currentLevelWithoutDowngrade(SponsorLevel level, double expected) {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, level));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(expected);
        assertThat(r.evidence()).containsExactly(
                "Current sponsor level: " + level + " since 2024-03-01 (activity s-1)");
    }

    @Test
    void executiveSponsorHasNoReason() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));

        assertThat(factor.evaluate(s, day(1)).reason()).isNull();
    }

    @Test
    void lowLevelReasonNamesLevelAndDate() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.STAFF));

        assertThat(factor.evaluate(s, day(1)).reason()).isEqualTo(
                "The partnership is sponsored only at STAFF level on the partner's side, since 2024-03-01.");
    }

    @Test
    void noSponsorReason() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.NONE));

        assertThat(factor.evaluate(s, day(1)).reason()).isEqualTo(
                "The partnership has had no sponsor on the partner's side since 2024-03-01.");
    }

    @Test
    void downgradeAddsPenaltyWithEvidenceAndReason() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(10), SponsorLevel.MANAGER));

        FactorResult r = factor.evaluate(s, day(10));

        assertThat(r.value()).isCloseTo(0.8, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "Current sponsor level: MANAGER since 2024-03-11 (activity s-2)",
                "Downgrade from EXECUTIVE to MANAGER on 2024-03-11 (activity s-2)");
        assertThat(r.reason()).isEqualTo(
                "The executive sponsor left: the partnership was passed down to MANAGER level on 2024-03-11.");
    }

    @Test
    void downgradeCountsInsideTheWindowAndNotAtItsEdge() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(10), SponsorLevel.SENIOR_MANAGER));

        // window (now - 90d, now]: the change 90 days ago minus 1 ms is still inside
        assertThat(factor.evaluate(s, day(100).minusMillis(1)).value()).isCloseTo(0.45, within(1e-12));
        // exactly 90 days later it has left the window
        assertThat(factor.evaluate(s, day(100)).value()).isEqualTo(0.25);
        assertThat(factor.evaluate(s, day(100)).evidence()).hasSize(1);
        assertThat(factor.evaluate(s, day(100)).reason()).isEqualTo(
                "The partnership is sponsored only at SENIOR_MANAGER level on the partner's side, since 2024-03-11.");
    }

    @Test
    void penaltyIsCappedAtOne() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.MANAGER));
        s.apply(sponsor("s-2", day(5), SponsorLevel.STAFF));

        FactorResult r = factor.evaluate(s, day(6));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo("The partnership was passed down from MANAGER to STAFF level on 2024-03-06.");
    }

    @Test
    void sponsorLeavingWithoutSuccessor() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(5), SponsorLevel.NONE));

        FactorResult r = factor.evaluate(s, day(6));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo(
                "The executive sponsor left on 2024-03-06 and no one took over the partnership.");
    }

    @Test
    void upgradeIsNotADowngrade() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.MANAGER));
        s.apply(sponsor("s-2", day(5), SponsorLevel.EXECUTIVE));

        FactorResult r = factor.evaluate(s, day(6));

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.reason()).isNull();
        assertThat(r.evidence()).containsExactly("Current sponsor level: EXECUTIVE since 2024-03-06 (activity s-2)");
    }

    @Test
    void firstKnownChangeIsNotADowngrade() {
        PartnerState s = state();
        s.apply(sponsor("s-1", day(5), SponsorLevel.MANAGER));

        assertThat(factor.evaluate(s, day(6)).value()).isEqualTo(0.6);
    }

    @Test
    void aSlideOverSeveralStepsIsNamedFromItsStart() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(10), SponsorLevel.MANAGER));
        s.apply(sponsor("s-3", day(20), SponsorLevel.STAFF));

        FactorResult r = factor.evaluate(s, day(30));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo("The executive sponsor left: the partnership was passed down to MANAGER level"
                + " on 2024-03-11, and further down to STAFF level on 2024-03-21.");
        assertThat(r.evidence()).hasSize(3);
    }

    @Test
    void recentDowngradeStillCountsAfterRecovery() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(10), SponsorLevel.MANAGER));
        s.apply(sponsor("s-3", day(20), SponsorLevel.EXECUTIVE));

        FactorResult r = factor.evaluate(s, day(30));

        assertThat(r.value()).isCloseTo(0.2, within(1e-12));
        assertThat(r.reason()).isEqualTo("The executive sponsor left: the partnership was passed down to MANAGER level"
                + " on 2024-03-11; it is at EXECUTIVE level since 2024-03-21.");
    }

    @Test
    void changesAfterNowAreIgnored() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(10), SponsorLevel.STAFF));

        assertThat(factor.evaluate(s, day(10).minusMillis(1)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, T0.minus(Duration.ofDays(1))).value()).isEqualTo(1.0);
    }

    @Test
    void simultaneousChangesResolveByActivityId() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-b", day(5), SponsorLevel.STAFF));
        s.apply(sponsor("s-a", day(5), SponsorLevel.MANAGER));

        FactorResult r = factor.evaluate(s, day(6));

        // order s-1 (EXECUTIVE), s-a (MANAGER), s-b (STAFF): current STAFF, two downgrades
        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.evidence()).containsExactly(
                "Current sponsor level: STAFF since 2024-03-06 (activity s-b)",
                "Downgrade from EXECUTIVE to MANAGER on 2024-03-06 (activity s-a)",
                "Downgrade from MANAGER to STAFF on 2024-03-06 (activity s-b)");
    }

    @Test
    void duplicatedEventCountsOnce() {
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(5), SponsorLevel.MANAGER));
        s.apply(sponsor("s-2", day(5), SponsorLevel.MANAGER));

        assertThat(factor.evaluate(s, day(6)).evidence()).hasSize(2);
    }

    @Test
    void penaltyAndWindowComeFromConfig() {
        RiskModelConfig cfg = CFG.with(Map.of("model.version", "t", "model.sponsorship.downgrade-window", "5d",
                "model.sponsorship.downgrade-penalty", "0.1"));
        Sponsorship custom = new Sponsorship(cfg);
        PartnerState s = state();
        s.apply(sponsor("s-1", T0, SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(10), SponsorLevel.MANAGER));

        assertThat(custom.evaluate(s, day(14)).value()).isCloseTo(0.7, within(1e-12));
        assertThat(custom.evaluate(s, day(15)).value()).isEqualTo(0.6);
    }
}
