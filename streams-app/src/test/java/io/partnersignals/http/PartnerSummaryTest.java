package io.partnersignals.http;

import static io.partnersignals.http.HttpApiHistoryTest.alert;
import static io.partnersignals.http.HttpApiHistoryTest.note;
import static io.partnersignals.http.HttpApiHistoryTest.point;
import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.OurSide;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a partner's summary draws from its history, alerts and notes. */
class PartnerSummaryTest {

    private static Instant daysBefore(double days) {
        return T0.minusMillis((long) (days * 86_400_000L));
    }

    @Test
    void changesAreAgainstTheLastPointAtOrBeforeSevenAndThirtyDaysBeforeTheNewest() {
        List<RiskSnapshot> history = List.of(point(daysBefore(31), 20, "GREEN"), point(daysBefore(30), 25, "GREEN"),
                point(daysBefore(8), 30, "GREEN"), point(daysBefore(7), 40, "AMBER"), point(daysBefore(6.5), 45, "AMBER"),
                point(T0, 50, "AMBER"));
        assertThat(PartnerSummary.change(50, history, Duration.ofDays(7))).isEqualTo(10);
        assertThat(PartnerSummary.change(50, history, Duration.ofDays(30))).isEqualTo(25);
        // at or before: a point just after the mark does not count
        List<RiskSnapshot> gap = List.of(point(daysBefore(9), 30, "GREEN"), point(daysBefore(6.9), 45, "AMBER"),
                point(T0, 50, "AMBER"));
        assertThat(PartnerSummary.change(50, gap, Duration.ofDays(7))).isEqualTo(20);
    }

    @Test
    void aHistoryThatDoesNotReachBackGivesNoChange() {
        List<RiskSnapshot> young = List.of(point(daysBefore(6.9), 10, "GREEN"), point(T0, 50, "AMBER"));
        assertThat(PartnerSummary.change(50, young, Duration.ofDays(7))).isNull();
        assertThat(PartnerSummary.change(50, List.of(), Duration.ofDays(7))).isNull();
        PartnerSummary s = PartnerSummary.of(risk("acme", "Acme", 50, 10, T0), young, List.of(), List.of());
        assertThat(s.change7d()).isNull();
        assertThat(s.change30d()).isNull();
    }

    @Test
    void bandSinceIsTheFirstPointOfTheRunInTheCurrentBand() {
        List<RiskSnapshot> history = List.of(point(daysBefore(10), 70, "RED"), point(daysBefore(5), 40, "AMBER"),
                point(daysBefore(3), 45, "AMBER"), point(T0, 50, "AMBER"));
        assertThat(PartnerSummary.bandSince(RiskBand.AMBER, history)).isEqualTo(daysBefore(5).toString());
        // the whole history in the band: since its start, as far as it reaches
        assertThat(PartnerSummary.bandSince(RiskBand.AMBER, history.subList(1, 4))).isEqualTo(daysBefore(5).toString());
        assertThat(PartnerSummary.bandSince(RiskBand.AMBER, List.of())).isNull();
        // the newest point is in another band than the score (not recorded yet): unknown
        assertThat(PartnerSummary.bandSince(RiskBand.RED, history)).isNull();
    }

    @Test
    void ownerIsTheLatestOwnerSetAndAcknowledgementsMatchTheAlertsTime() {
        var alerts = List.of(alert(daysBefore(1), RiskBand.AMBER, RiskBand.RED, 60),
                alert(daysBefore(5), RiskBand.GREEN, RiskBand.AMBER, 40), alert(daysBefore(9), RiskBand.RED, RiskBand.GREEN, 20));
        var notes = List.of(note("1", daysBefore(8), NoteKind.OWNER_SET, "Sam", null),
                note("2", daysBefore(4), NoteKind.ACKNOWLEDGED, "seen", daysBefore(5)),
                note("3", daysBefore(3), NoteKind.NOTE, "Robin will call", daysBefore(1)),
                note("4", daysBefore(2), NoteKind.ACKNOWLEDGED, "again", daysBefore(5)),
                note("5", daysBefore(1), NoteKind.OWNER_SET, "Robin", null));
        PartnerSummary s = PartnerSummary.of(risk("prodigal", "Prodigal", 60, 40, T0), List.of(), alerts, notes);
        assertThat(s.owner()).isEqualTo("Robin");
        assertThat(s.unacknowledgedAlerts()).isEqualTo(2);
        assertThat(PartnerSummary.acknowledgement(alerts.get(1), notes).getText()).isEqualTo("seen");
        assertThat(PartnerSummary.acknowledgement(alerts.get(0), notes)).isNull();
        assertThat(PartnerSummary.owner(List.of(notes.get(0), note("6", T0, NoteKind.OWNER_SET, " ", null)))).isNull();
        assertThat(PartnerSummary.owner(List.of())).isNull();
    }

    @Test
    void carriesTheOurSideScoreOfModelV2AndNullUnderV1() throws Exception {
        PartnerRisk v2 = risk("prodigal", "Prodigal", 98, 90, T0);
        v2.setModelVersion("v2");
        v2.setOurSide(new OurSide(37, List.of(
                new RiskFactor("ourResponsiveness", 0.74, 0.5, 0.37, List.of("request p-in-1 open for 46 days")),
                new RiskFactor("ourReciprocity", 0.0, 0.5, 0.0, List.of())), List.of("We have left p-in-1 unanswered.")));
        v2.setCompetitorApproaches(List.of("p-ca-1"));
        PartnerSummary s = PartnerSummary.of(v2);
        assertThat(s.ourSide()).isEqualTo(37);
        assertThat(s.score()).isEqualTo(98);
        assertThat(PartnerSummary.of(risk("acme", "Acme", 50, 10, T0)).ourSide()).isNull();
        // the listing's JSON carries it, and the overview reads it back
        String json = Exchange.JSON.writeValueAsString(new PartnerListing(List.of(s, PartnerSummary.of(risk("acme", "Acme", 50,
                10, T0))), List.of()));
        assertThat(json).contains("\"ourSide\":37").contains("\"ourSide\":null");
        assertThat(OverviewPage.rows(Exchange.JSON.readTree(json))).extracting(OverviewPage.Row::ourSide).containsExactly(37, null);
    }
}
