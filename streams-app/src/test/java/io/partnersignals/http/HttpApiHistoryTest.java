package io.partnersignals.http;

import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.TOKEN;
import static io.partnersignals.http.HttpFixture.bearer;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/partners/{id}/history and /alerts, and what the listing draws from history, alerts and notes. */
class HttpApiHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpFixture fixture = new HttpFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void historyAndAlertsOfAPartnerOwnedElsewhereComeFromItsOwnerWithTheAuthorization() throws Exception {
        HttpFixture.Instance a = fixture.start(TOKEN);
        HttpFixture.Instance b = fixture.start(TOKEN);
        a.view().owning("prodigal", b.host()).owning("ghost", b.host());
        giveProdigal(b.view());

        HttpResponse<String> history = fixture.get(a.url("/api/partners/prodigal/history?days=7"), "Authorization", bearer(TOKEN));
        assertThat(history.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(history.body());
        assertThat(body.get("partnerId").asText()).isEqualTo("prodigal");
        List<String> points = new ArrayList<>();
        body.get("points").forEach(p -> points.add(p.get("day").asText() + "=" + p.get("score").asInt() + p.get("band").asText()));
        assertThat(points).containsExactly("2026-07-25=60RED", "2026-07-31=70RED", "2026-08-01=98RED");
        JsonNode last = body.get("points").get(2);
        assertThat(last.get("computedAt").asText()).isEqualTo(T0.toString());
        assertThat(last.get("factors").get("sponsorship").asDouble()).isEqualTo(0.9);
        assertThat(last.get("factors").get("harmfulAsk").asDouble()).isEqualTo(0.0);
        assertThat(last.get("factors")).hasSize(8);

        JsonNode all = JSON.readTree(fixture.get(a.url("/api/partners/prodigal/history"), "Authorization", bearer(TOKEN)).body());
        assertThat(all.get("points")).hasSize(5); // the default: the whole retention

        HttpResponse<String> alerts = fixture.get(a.url("/api/partners/prodigal/alerts"), "Authorization", bearer(TOKEN));
        assertThat(alerts.statusCode()).isEqualTo(200);
        JsonNode log = JSON.readTree(alerts.body()).get("alerts");
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("at").asText()).isEqualTo(T0.minus(Duration.ofDays(7)).toString());
        assertThat(log.get(0).get("fromBand").asText()).isEqualTo("AMBER");
        assertThat(log.get(0).get("toBand").asText()).isEqualTo("RED");
        assertThat(log.get(0).get("score").asInt()).isEqualTo(60);
        assertThat(log.get(0).get("reasons").get(0).asText()).isEqualTo("Sponsor left.");
        assertThat(log.get(0).get("acknowledged").isNull()).isTrue();
        JsonNode ack = log.get(1).get("acknowledged");
        assertThat(ack.get("by").asText()).isEqualTo("dana");
        assertThat(ack.get("at").asText()).isEqualTo(T0.minus(Duration.ofDays(19)).toString());
        assertThat(ack.get("text").asText()).isEqualTo("called them");

        assertThat(fixture.get(a.url("/api/partners/ghost/history"), "Authorization", bearer(TOKEN)).statusCode()).isEqualTo(404);
        assertThat(fixture.get(a.url("/api/partners/ghost/alerts"), "Authorization", bearer(TOKEN)).statusCode()).isEqualTo(404);
        assertThat(fixture.get(a.url("/api/partners/prodigal/history")).statusCode()).isEqualTo(401);
        assertThat(b.view().lookups()).containsExactly("prodigal", "prodigal", "prodigal", "ghost", "ghost");
        assertThat(a.view().lookups()).isEmpty();
    }

    @Test
    void theReferenceDataOfAPartnerOwnedElsewhereComesFromItsOwnerAndShowsOnItsPage() throws Exception {
        HttpFixture.Instance a = fixture.start(TOKEN);
        HttpFixture.Instance b = fixture.start(TOKEN);
        a.view().owning("prodigal", b.host()).owning("nameless", b.host());
        giveProdigal(b.view());
        b.view().holding(risk("nameless", "Nameless", 20, null, T0))
                .withPartner(new Partner("prodigal", "Prodigal Accelerators", List.of("prodigal-accel.example"),
                        PartnerKind.TECHNOLOGY));

        HttpResponse<String> reference = fixture.get(a.url("/api/partners/prodigal/reference"), "Authorization", bearer(TOKEN));
        assertThat(reference.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(reference.body());
        assertThat(body.get("domains").get(0).asText()).isEqualTo("prodigal-accel.example");
        assertThat(body.get("kind").asText()).isEqualTo("TECHNOLOGY");
        assertThat(fixture.get(a.url("/api/partners/nameless/reference"), "Authorization", bearer(TOKEN)).statusCode())
                .as("a score without a partners record").isEqualTo(404);

        String page = fixture.get(a.url("/partners/prodigal"), "Authorization", bearer(TOKEN)).body();
        assertThat(page).contains("<dd id=\"partner-kind\">Technology partner</dd>")
                .contains("href=\"https://prodigal-accel.example/\"");
    }

    @Test
    void daysIsAWholeNumberFromOneToTheRetentionsDays() throws Exception {
        HttpFixture.Instance a = fixture.startWith(HttpFixture.settings(null).withHistoryRetention(Duration.ofDays(30)));
        HttpFixture.Instance b = fixture.start(null);
        giveProdigal(a.view());
        giveProdigal(b.view());
        a.view().owning("elsewhere", b.host());

        for (String days : List.of("0", "31", "-1", "abc", "", "1.5", "99999999999")) {
            HttpResponse<String> answer = fixture.get(a.url("/api/partners/prodigal/history?days=" + days));
            assertThat(answer.statusCode()).as(days).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("error").asText()).contains("days").contains("30");
            // checked before anything is relayed
            assertThat(fixture.get(a.url("/api/partners/elsewhere/history?days=" + days)).statusCode()).isEqualTo(400);
        }
        assertThat(JSON.readTree(fixture.get(a.url("/api/partners/prodigal/history?days=30")).body()).get("points")).hasSize(4);
        assertThat(JSON.readTree(fixture.get(a.url("/api/partners/prodigal/history")).body()).get("points")).hasSize(4);
        assertThat(JSON.readTree(fixture.get(a.url("/api/partners/prodigal/history?days=1")).body()).get("points")).hasSize(2);
        // b allows 180 days, a's 30 still bound what a relays
        assertThat(fixture.get(b.url("/api/partners/prodigal/history?days=180")).statusCode()).isEqualTo(200);
        assertThat(fixture.get(b.url("/api/partners/prodigal/history?days=181")).statusCode()).isEqualTo(400);
    }

    @Test
    void anIdHoldingASlashKeepsItsSubResource() throws Exception {
        HttpFixture.Instance a = fixture.start(null);
        HttpFixture.Instance b = fixture.start(null);
        a.view().owning("eu/acme", b.host());
        b.view().holding(risk("eu/acme", "Acme EU", 40, 30, T0))
                .withHistory("eu/acme", List.of(point(T0, 40, "AMBER")));

        HttpResponse<String> answer = fixture.get(a.url("/api/partners/eu%2Facme/history"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("partnerId").asText()).isEqualTo("eu/acme");
        assertThat(JSON.readTree(answer.body()).get("points")).hasSize(1);
        assertThat(JSON.readTree(fixture.get(a.url("/api/partners/eu%2Facme/alerts")).body()).get("alerts")).isEmpty();
        assertThat(fixture.get(a.url("/api/partners/eu%2Facme")).statusCode()).isEqualTo(200);
    }

    @Test
    void theListingCarriesChangesBandSinceOwnerAndUnacknowledgedAlertsFromEachInstance() throws Exception {
        HttpFixture.Instance a = fixture.start(TOKEN);
        HttpFixture.Instance b = fixture.start(TOKEN);
        a.view().withOthers(b.host()).holding(risk("calm", "Calm Co", 12, 12, T0));
        b.view().withOthers(a.host());
        giveProdigal(b.view());

        JsonNode partners = JSON.readTree(fixture.get(a.url("/api/partners"), "Authorization", bearer(TOKEN)).body())
                .get("partners");

        assertThat(partners).hasSize(2);
        JsonNode prodigal = partners.get(0);
        assertThat(prodigal.get("partnerId").asText()).isEqualTo("prodigal");
        assertThat(prodigal.get("score").asInt()).isEqualTo(98);
        assertThat(prodigal.get("change7d").asInt()).isEqualTo(98 - 60);
        assertThat(prodigal.get("change30d").asInt()).isEqualTo(98 - 10);
        assertThat(prodigal.get("bandSince").asText()).isEqualTo(T0.minus(Duration.ofDays(7)).toString());
        assertThat(prodigal.get("owner").asText()).isEqualTo("Robin");
        assertThat(prodigal.get("unacknowledgedAlerts").asInt()).isEqualTo(1);
        assertThat(prodigal.get("reasons").get(0).asText()).isEqualTo("Sponsor left.");
        JsonNode calm = partners.get(1);
        assertThat(calm.get("change7d").isNull()).isTrue();
        assertThat(calm.get("change30d").isNull()).isTrue();
        assertThat(calm.get("bandSince").isNull()).isTrue();
        assertThat(calm.get("owner").isNull()).isTrue();
        assertThat(calm.get("unacknowledgedAlerts").asInt()).isZero();
    }

    /**
     * Prodigal: daily points 40, 20, 7 and 1 days before T0 and at T0 (10 GREEN, 50 AMBER, 60 RED, 70 RED,
     * 98 RED), alerts GREEN→AMBER 20 days before (acknowledged) and AMBER→RED 7 days before, owner Robin.
     */
    private static void giveProdigal(RiskViewDouble view) {
        view.holding(risk("prodigal", "Prodigal", 98, 70, T0, "Sponsor left."))
                .withHistory("prodigal", List.of(point(T0.minus(Duration.ofDays(40)), 10, "GREEN"),
                        point(T0.minus(Duration.ofDays(20)), 50, "AMBER"), point(T0.minus(Duration.ofDays(7)), 60, "RED"),
                        point(T0.minus(Duration.ofDays(1)), 70, "RED"), point(T0, 98, "RED")))
                .withAlerts("prodigal", List.of(alert(T0.minus(Duration.ofDays(7)), RiskBand.AMBER, RiskBand.RED, 60),
                        alert(T0.minus(Duration.ofDays(20)), RiskBand.GREEN, RiskBand.AMBER, 50)))
                .withNote(note("n1", T0.minus(Duration.ofDays(30)), NoteKind.OWNER_SET, "Sam", null))
                .withNote(note("n2", T0.minus(Duration.ofDays(19)), NoteKind.ACKNOWLEDGED, "called them",
                        T0.minus(Duration.ofDays(20))))
                .withNote(note("n3", T0.minus(Duration.ofDays(2)), NoteKind.OWNER_SET, "Robin", null));
    }

    static RiskSnapshot point(Instant at, int score, String band) {
        return RiskSnapshot.newBuilder().setPartnerId("prodigal").setPartnerName("Prodigal").setComputedAt(at)
                .setScore(score).setBand(band).setModelVersion("v1").setSponsorship(0.9).setResponsiveness(0.5)
                .setReciprocity(0).setAttribution(0).setDiversion(0).setPricingExclusion(0).setMarginErosion(0)
                .setHarmfulAsk(0).build();
    }

    static RiskAlert alert(Instant at, RiskBand from, RiskBand to, int score) {
        return RiskAlert.newBuilder().setPartnerId("prodigal").setPartnerName("Prodigal").setAt(at).setFromBand(from)
                .setToBand(to).setScore(score).setReasons(List.of("Sponsor left.")).build();
    }

    static PartnerNote note(String id, Instant at, NoteKind kind, String text, Instant alertAt) {
        return PartnerNote.newBuilder().setPartnerId("prodigal").setNoteId(id).setAt(at).setAuthor("dana").setKind(kind)
                .setText(text).setAlertAt(alertAt).build();
    }
}
