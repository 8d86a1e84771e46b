package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wherever alerts are shown, a DETERIORATING alert says so; a band change reads as before. */
class AlertKindShownTest {

    private static final Instant AT = Instant.parse("2026-08-20T12:00:00Z");
    private static final String SENTENCE = "The score rose from 21 to 44 in 30 days: responsiveness +12, diversion +8.";

    @Test
    void theApiGivesEachAlertsKind() throws Exception {
        Map<String, Object> deteriorating = HttpApi.alert(alert(AlertKind.DETERIORATING), null);
        assertThat(deteriorating).containsEntry("kind", "DETERIORATING").containsEntry("score", 44);
        assertThat(HttpApi.alert(alert(AlertKind.BAND_CHANGE), null)).containsEntry("kind", "BAND_CHANGE");

        // a peer's answer, read back for the page; one without a kind is a band change
        String json = new ObjectMapper().writeValueAsString(List.of(deteriorating,
                Map.of("at", AT.minusSeconds(60).toString(), "fromBand", "GREEN", "toBand", "AMBER", "score", 40,
                        "reasons", List.of())));
        List<PartnerPage.Alert> read = PageData.alerts(new ObjectMapper().readTree(json));
        assertThat(read).extracting(PartnerPage.Alert::kind).containsExactly("DETERIORATING", "BAND_CHANGE");
        assertThat(PageData.alerts(List.of(alert(AlertKind.DETERIORATING)))).extracting(PartnerPage.Alert::kind)
                .containsExactly("DETERIORATING");
    }

    @Test
    void theChartMarkerAndTheAlertLogNameADeterioration() {
        String svg = ScoreChart.svg(List.of(new ScoreChart.Point(AT, 44, "AMBER")), List.of(
                new ScoreChart.Marker(AT, "GREEN", "AMBER", 44, "BAND_CHANGE"),
                new ScoreChart.Marker(AT, "GREEN", "AMBER", 44, "DETERIORATING")), 35, 60);
        assertThat(svg).contains("<g class=\"alert-marker deteriorating to-AMBER\"><title>Deteriorating 20 Aug 2026, 12:00 UTC: "
                        + "GREEN to AMBER at 44</title>")
                .contains("<g class=\"alert-marker to-AMBER\"><title>Alert 20 Aug 2026, 12:00 UTC: GREEN to AMBER at 44</title>");

        List<PartnerPage.Alert> alerts = PageData.alerts(List.of(alert(AlertKind.DETERIORATING), alert(AlertKind.BAND_CHANGE)));
        String html = PartnerPage.render(new PartnerPage.Data(risk(), null, List.of(), alerts, List.of(), AT, false, 35, 60));
        assertThat(html).contains("<li data-alert-at=\"" + AT + "\" class=\"deteriorating\"><p><strong>Deteriorating: GREEN to "
                        + "AMBER</strong> at score 44")
                .contains("<li data-alert-at=\"" + AT + "\"><p><strong>GREEN to AMBER</strong> at score 44")
                .contains("The score rose from 21 to 44 in 30 days")
                .contains("id=\"ack-" + AT.toEpochMilli() + "-d-author\"").contains("id=\"ack-" + AT.toEpochMilli() + "-author\"");
    }

    private static RiskAlert alert(AlertKind kind) {
        return RiskAlert.newBuilder().setPartnerId("acme").setPartnerName("Acme").setAt(AT).setFromBand(RiskBand.GREEN)
                .setToBand(RiskBand.AMBER).setScore(44)
                .setReasons(kind == AlertKind.DETERIORATING ? List.of(SENTENCE, "Requests wait.") : List.of("Requests wait."))
                .setKind(kind).build();
    }

    private static io.partnersignals.contract.PartnerRisk risk() {
        return io.partnersignals.contract.PartnerRisk.newBuilder().setPartnerId("acme").setPartnerName("Acme")
                .setComputedAt(AT).setScore(44).setBand(RiskBand.AMBER).setPreviousScore(30).setModelVersion("v1")
                .setFactors(List.of()).setReasons(List.of("Requests wait.")).setOurSide(null)
                .setCompetitorApproaches(List.of()).build();
    }
}
