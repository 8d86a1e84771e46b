package io.partnersignals.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.ConfigComparison.AlertChange;
import io.partnersignals.replay.ConfigComparison.PartnerChange;
import io.partnersignals.replay.ConfigComparison.Presence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigComparisonTest {

    static final Instant T1 = Instant.parse("2026-07-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-07-02T00:00:00Z");

    static PartnerRisk risk(String id, int score, RiskBand band, String version) {
        return PartnerRisk.newBuilder().setPartnerId(id).setPartnerName(id.toUpperCase()).setComputedAt(T2).setScore(score)
                .setBand(band).setPreviousScore(null).setModelVersion(version).setFactors(List.of()).setReasons(List.of())
                .build();
    }

    static RiskAlert alert(String id, Instant at, AlertKind kind, RiskBand from, RiskBand to, int score) {
        return RiskAlert.newBuilder().setPartnerId(id).setPartnerName(null).setAt(at).setFromBand(from).setToBand(to)
                .setScore(score).setReasons(List.of("a reason of run " + score)).setKind(kind).build();
    }

    @Test
    void partnersAreOrderedByTheSizeOfTheChangeLargestFirstThenById() {
        ConfigComparison c = ConfigComparison.of(
                List.of(risk("a", 50, RiskBand.AMBER, "v1"), risk("b", 40, RiskBand.AMBER, "v1"),
                        risk("c", 10, RiskBand.GREEN, "v1"), risk("d", 70, RiskBand.RED, "v1"),
                        risk("e", 30, RiskBand.GREEN, "v1")),
                List.of(risk("a", 55, RiskBand.AMBER, "v2"), risk("b", 32, RiskBand.GREEN, "v2"),
                        risk("c", 10, RiskBand.GREEN, "v2"), risk("d", 62, RiskBand.RED, "v2"),
                        risk("e", 35, RiskBand.GREEN, "v2")),
                List.of(), List.of());

        // |−8| ties |−8| (by id), then |+5| ties |+5| (by id), then 0
        assertThat(c.partners()).extracting(PartnerChange::partnerId).containsExactly("b", "d", "a", "e", "c");
        assertThat(c.partners()).extracting(PartnerChange::change).containsExactly(-8, -8, 5, 5, 0);
        assertThat(c.scoresChanged()).isEqualTo(4);
        assertThat(c.bandsChanged()).isEqualTo(1);
        PartnerChange b = c.partners().get(0);
        assertThat(b.current()).isEqualTo(new ConfigComparison.Score(40, RiskBand.AMBER, "v1"));
        assertThat(b.changed()).isEqualTo(new ConfigComparison.Score(32, RiskBand.GREEN, "v2"));
        assertThat(b.partnerName()).isEqualTo("B");
    }

    @Test
    void aPartnerScoredInOneRunOnlyHasANullSideAndComesFirst() {
        ConfigComparison c = ConfigComparison.of(
                List.of(risk("a", 50, RiskBand.AMBER, "v1"), risk("gone", 20, RiskBand.GREEN, "v1")),
                List.of(risk("a", 90, RiskBand.RED, "v2"), risk("new", 5, RiskBand.GREEN, "v2")),
                List.of(), List.of());

        assertThat(c.partners()).extracting(PartnerChange::partnerId).containsExactly("gone", "new", "a");
        PartnerChange gone = c.partners().get(0);
        assertThat(gone.changed()).isNull();
        assertThat(gone.change()).isNull();
        assertThat(gone.scoreChanged()).isTrue();
        assertThat(gone.bandChanged()).isTrue();
        assertThat(c.partners().get(1).current()).isNull();
        assertThat(c.partners().get(1).partnerName()).isEqualTo("NEW");

        JsonNode goneLine = JsonRecords.parse(c.partnerLines().get(0));
        assertThat(goneLine.get("current").get("score").asInt()).isEqualTo(20);
        assertThat(goneLine.get("changed").isNull()).isTrue();
        assertThat(goneLine.get("change").isNull()).isTrue();
        JsonNode newLine = JsonRecords.parse(c.partnerLines().get(1));
        assertThat(newLine.get("current").isNull()).isTrue();
        assertThat(newLine.get("changed").get("band").asText()).isEqualTo("GREEN");
    }

    @Test
    void alertsAreMatchedByPartnerTimeKindAndBandsNotByScoreOrReasons() {
        RiskAlert same = alert("a", T1, AlertKind.BAND_CHANGE, RiskBand.GREEN, RiskBand.AMBER, 40);
        RiskAlert sameOtherScore = alert("a", T1, AlertKind.BAND_CHANGE, RiskBand.GREEN, RiskBand.AMBER, 44);
        RiskAlert deteriorating = alert("a", T1, AlertKind.DETERIORATING, RiskBand.GREEN, RiskBand.AMBER, 40);
        RiskAlert later = alert("a", T2, AlertKind.BAND_CHANGE, RiskBand.GREEN, RiskBand.AMBER, 41);
        RiskAlert otherBands = alert("a", T1, AlertKind.BAND_CHANGE, RiskBand.AMBER, RiskBand.RED, 40);
        ConfigComparison c = ConfigComparison.of(
                List.of(risk("a", 50, RiskBand.AMBER, "v1")), List.of(risk("a", 52, RiskBand.AMBER, "v2")),
                List.of(same, deteriorating), List.of(sameOtherScore, later, otherBands));

        assertThat(c.alerts()).containsExactly(
                // at the same time, what disappears comes before what takes its place
                new AlertChange("a", T1, AlertKind.DETERIORATING, RiskBand.GREEN, RiskBand.AMBER, 40, Presence.DISAPPEARS),
                new AlertChange("a", T1, AlertKind.BAND_CHANGE, RiskBand.AMBER, RiskBand.RED, 40, Presence.APPEARS),
                new AlertChange("a", T2, AlertKind.BAND_CHANGE, RiskBand.GREEN, RiskBand.AMBER, 41, Presence.APPEARS));
        assertThat(c.alertsThat(Presence.APPEARS)).isEqualTo(2);
        assertThat(c.alertsThat(Presence.DISAPPEARS)).isEqualTo(1);
    }

    @Test
    void anAlertRaisedTwiceInOneRunAndOnceInTheOtherDisappearsOnce() {
        RiskAlert a = alert("a", T1, AlertKind.BAND_CHANGE, RiskBand.GREEN, RiskBand.AMBER, 40);
        ConfigComparison c = ConfigComparison.of(List.of(risk("a", 50, RiskBand.AMBER, "v1")),
                List.of(risk("a", 50, RiskBand.AMBER, "v2")), List.of(a, a), List.of(a));

        assertThat(c.alerts()).extracting(AlertChange::presence).containsExactly(Presence.DISAPPEARS);
    }

    @Test
    void alertsFollowTheirPartnersOrderThenTime() {
        ConfigComparison c = ConfigComparison.of(
                List.of(risk("small", 50, RiskBand.AMBER, "v1"), risk("big", 50, RiskBand.AMBER, "v1")),
                List.of(risk("small", 51, RiskBand.AMBER, "v2"), risk("big", 30, RiskBand.GREEN, "v2")),
                List.of(alert("small", T1, AlertKind.BAND_CHANGE, RiskBand.GREEN, RiskBand.AMBER, 40),
                        alert("big", T2, AlertKind.BAND_CHANGE, RiskBand.GREEN, RiskBand.AMBER, 40)),
                List.of(alert("big", T1, AlertKind.DETERIORATING, RiskBand.GREEN, RiskBand.GREEN, 30)));

        assertThat(c.alerts()).extracting(AlertChange::partnerId, AlertChange::at, AlertChange::presence).containsExactly(
                org.assertj.core.groups.Tuple.tuple("big", T1, Presence.APPEARS),
                org.assertj.core.groups.Tuple.tuple("big", T2, Presence.DISAPPEARS),
                org.assertj.core.groups.Tuple.tuple("small", T1, Presence.DISAPPEARS));
        JsonNode first = JsonRecords.parse(c.alertLines().get(0));
        assertThat(first.get("partnerId").asText()).isEqualTo("big");
        assertThat(first.get("at").asText()).isEqualTo("2026-07-01T00:00:00Z");
        assertThat(first.get("kind").asText()).isEqualTo("DETERIORATING");
        assertThat(first.get("fromBand").asText()).isEqualTo("GREEN");
        assertThat(first.get("toBand").asText()).isEqualTo("GREEN");
        assertThat(first.get("score").asInt()).isEqualTo(30);
        assertThat(first.get("change").asText()).isEqualTo("appears");
    }

    @Test
    void theTableAndTheSummaryLineSayWhatChanged(@TempDir Path dir) throws IOException {
        ConfigComparison c = ConfigComparison.of(
                List.of(risk("drifter", 44, RiskBand.AMBER, "v1"), risk("fixstars", 3, RiskBand.GREEN, "v1")),
                List.of(risk("drifter", 37, RiskBand.GREEN, "v2"), risk("fixstars", 3, RiskBand.GREEN, "v2")),
                List.of(alert("drifter", T1, AlertKind.BAND_CHANGE, RiskBand.GREEN, RiskBand.AMBER, 40)), List.of());

        List<String> table = c.table().lines().toList();
        assertThat(table.get(0)).startsWith("partner").contains("current").contains("changed").endsWith("change");
        assertThat(table.get(1)).matches("drifter +DRIFTER +44 AMBER +37 GREEN +-7");
        assertThat(table.get(2)).matches("fixstars +FIXSTARS +3 GREEN +3 GREEN +0");
        assertThat(table).contains("alerts that appear or disappear:");
        assertThat(table.get(table.size() - 1)).matches(
                "disappears +drifter +2026-07-01T00:00:00Z +BAND_CHANGE +GREEN -> AMBER +score 40");
        assertThat(c.summaryLine()).isEqualTo(
                "compared 2 partners: 1 changed score, 1 changed band; 0 alerts appear, 1 alert disappears");

        c.write(dir);
        assertThat(Files.readAllLines(dir.resolve(ConfigComparison.PARTNERS_FILE))).isEqualTo(c.partnerLines()).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve(ConfigComparison.ALERTS_FILE))).isEqualTo(c.alertLines()).hasSize(1);
    }
}
