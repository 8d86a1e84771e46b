package io.partnersignals.http;

import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.TOKEN;
import static io.partnersignals.http.HttpFixture.bearer;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Notes through the API and the page's form: access, same-origin forms, validation, the partner check, the writer. */
class HttpApiNotesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-08-02T09:30:00.250Z");

    private final HttpFixture fixture = new HttpFixture();
    private final ClockDouble clock = new ClockDouble(NOW);
    private final NoteWriterDouble writer = new NoteWriterDouble();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private HttpFixture.Instance start(String token) {
        HttpFixture.Instance one = fixture.startWith(HttpFixture.settings(token), clock, writer);
        writer.into(one.view());
        return one;
    }

    private HttpResponse<String> postJson(HttpFixture.Instance to, String partnerId, String json) {
        return fixture.post(to.url("/api/partners/" + partnerId + "/notes"), json,
                "Content-Type", "application/json", "Authorization", bearer(TOKEN));
    }

    private static String form(String... pairs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            s.append(s.length() == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    private String cookie(HttpFixture.Instance one) {
        HttpResponse<String> login = fixture.postForm(one.url("/login"), "token=" + TOKEN);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String origin(HttpFixture.Instance one) {
        return "http://127.0.0.1:" + one.api().port();
    }

    @Test
    void aNoteIsWrittenWithTheServersIdAndTimeAndCounted() throws Exception {
        HttpFixture.Instance one = start(TOKEN);
        one.view().holding(risk("acme", "Acme", 70, 50, T0));

        HttpResponse<String> answer = postJson(one, "acme",
                "{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"Called the sponsor.\\nNo answer yet.\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Location")).hasValue("/api/partners/acme/notes");
        PartnerNote written = writer.written().get(0);
        assertThat(written.getPartnerId()).isEqualTo("acme");
        assertThat(UUID.fromString(written.getNoteId())).isNotNull();
        assertThat(written.getAt()).isEqualTo(NOW);
        assertThat(written.getKind()).isEqualTo(NoteKind.NOTE);
        assertThat(written.getText()).isEqualTo("Called the sponsor.\nNo answer yet.");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("noteId").asText()).isEqualTo(written.getNoteId());
        assertThat(body.get("author").asText()).isEqualTo("Ana");
        assertThat(fixture.metric(one, "partner_signals_notes_written_total{kind=\"NOTE\"}")).isEqualTo(1.0);
    }

    @Test
    void theNotesOfAPartnerComeOldestFirstWithTheLatestOwner() throws Exception {
        HttpFixture.Instance one = start(TOKEN);
        one.view().holding(risk("acme", "Acme", 70, 50, T0));
        assertThat(postJson(one, "acme", "{\"author\":\"Ana\",\"kind\":\"OWNER_SET\",\"text\":\"Bo Berg\"}").statusCode())
                .isEqualTo(201);
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(postJson(one, "acme", "{\"author\":\"Bo\",\"kind\":\"OWNER_SET\",\"text\":\"Cy Dahl\"}").statusCode())
                .isEqualTo(201);
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(postJson(one, "acme", "{\"author\":\"Cy\",\"kind\":\"NOTE\",\"text\":\"Taking over.\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> answer = fixture.get(one.url("/api/partners/acme/notes"), "Authorization", bearer(TOKEN));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("partnerId").asText()).isEqualTo("acme");
        assertThat(body.get("owner").asText()).isEqualTo("Cy Dahl");
        assertThat(body.get("notes")).extracting(n -> n.get("author").asText()).containsExactly("Ana", "Bo", "Cy");
        assertThat(JSON.readTree(fixture.get(one.url("/api/partners/other/notes"), "Authorization", bearer(TOKEN)).body())
                .get("owner").isNull()).isTrue();
        assertThat(fixture.get(one.url("/api/partners/acme/notes")).statusCode()).as("without the token").isEqualTo(401);
    }

    @Test
    void theApiNeedsTheTokenAndJson() {
        HttpFixture.Instance one = start(TOKEN);
        one.view().holding(risk("acme", "Acme", 70, 50, T0));
        String note = "{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"x\"}";

        assertThat(fixture.post(one.url("/api/partners/acme/notes"), note, "Content-Type", "application/json").statusCode())
                .isEqualTo(401);
        assertThat(fixture.post(one.url("/api/partners/acme/notes"), note, "Content-Type", "application/json",
                "Authorization", bearer("wrong")).statusCode()).isEqualTo(401);
        assertThat(fixture.post(one.url("/api/partners/acme/notes"), note, "Content-Type", "text/plain",
                "Authorization", bearer(TOKEN)).statusCode()).isEqualTo(415);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void anInvalidNoteIsRefusedNamingTheField() throws Exception {
        HttpFixture.Instance one = start(TOKEN);
        one.view().holding(risk("acme", "Acme", 70, 50, T0));

        for (String[] bad : new String[][] {
                {"{\"author\":\"\",\"kind\":\"NOTE\",\"text\":\"x\"}", "author"},
                {"{\"author\":\"<b>Ana</b>\",\"kind\":\"NOTE\",\"text\":\"x\"}", "author"},
                {"{\"author\":\"Ana\",\"kind\":\"PRAISE\",\"text\":\"x\"}", "kind"},
                {"{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"" + "x".repeat(2001) + "\"}", "text"},
                {"{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"a\\u0000b\"}", "text"},
                {"{\"author\":\"Ana\",\"kind\":\"OWNER_SET\",\"text\":\"\"}", "text"},
                {"{\"author\":\"Ana\",\"kind\":\"ACKNOWLEDGED\"}", "alertAt"},
                {"{\"author\":\"Ana\",\"kind\":\"ACKNOWLEDGED\",\"alertAt\":\"soon\"}", "alertAt"},
                {"{\"author\":7,\"kind\":\"NOTE\",\"text\":\"x\"}", "author must be a string"},
                {"[1,2]", "JSON object"},
                {"not json", "not JSON"}}) {
            HttpResponse<String> answer = postJson(one, "acme", bad[0]);
            assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("error").asText()).as(bad[0]).contains(bad[1]);
        }
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void theTextMayUseTheWhole2000CharactersInAnyScript() {
        HttpFixture.Instance one = start(TOKEN);
        one.view().holding(risk("acme", "Acme", 70, 50, T0));
        String text = "ü€😀".repeat(500); // 2000 chars with the surrogate pairs: 1500 code points, 4500 UTF-8 bytes

        assertThat(postJson(one, "acme", "{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"" + text + "\"}").statusCode())
                .isEqualTo(201);
        assertThat(fixture.post(one.url("/partners/acme/notes"), form("author", "Ana", "kind", "NOTE", "text", text),
                "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie(one), "Origin", origin(one))
                .statusCode()).as("as a form, about 16 KB encoded").isEqualTo(303);
        assertThat(writer.written()).extracting(PartnerNote::getText).containsOnly(text);
    }

    @Test
    void anUnknownPartnerIs404HereOrOnItsOwner() {
        HttpFixture.Instance a = start(TOKEN);
        HttpFixture.Instance b = fixture.startWith(HttpFixture.settings(TOKEN), clock, writer);
        b.view().holding(risk("far", "Far", 40, 40, T0));
        a.view().owning("far", b.host()).owning("ghost", b.host());
        String note = "{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"x\"}";

        assertThat(postJson(a, "nobody", note).statusCode()).isEqualTo(404);
        assertThat(postJson(a, "ghost", note).statusCode()).as("owned by b, which has no score").isEqualTo(404);
        assertThat(postJson(a, "far", note).statusCode()).as("owned by b, which has its score").isEqualTo(201);
        assertThat(writer.written()).extracting(PartnerNote::getPartnerId).containsExactly("far");
    }

    @Test
    void anAcknowledgementMustNameAnAlertOfThePartnerWhenItsAlertsAreHere() throws Exception {
        HttpFixture.Instance a = start(TOKEN);
        HttpFixture.Instance b = fixture.startWith(HttpFixture.settings(TOKEN), clock, writer);
        Instant alertAt = Instant.parse("2026-08-01T10:00:00Z");
        a.view().holding(risk("acme", "Acme", 70, 50, T0))
                .withAlerts("acme", List.of(new RiskAlert("acme", "Acme", alertAt, RiskBand.AMBER, RiskBand.RED, 70, List.of(),
                        AlertKind.BAND_CHANGE)));
        b.view().holding(risk("far", "Far", 70, 50, T0));
        a.view().owning("far", b.host());

        HttpResponse<String> wrong = postJson(a, "acme",
                "{\"author\":\"Ana\",\"kind\":\"ACKNOWLEDGED\",\"alertAt\":\"2026-08-01T11:00:00Z\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).get("error").asText()).startsWith("alertAt").contains("no alert at");

        assertThat(postJson(a, "acme", "{\"author\":\"Ana\",\"kind\":\"ACKNOWLEDGED\",\"text\":\"On it.\","
                + "\"alertAt\":\"2026-08-01T10:00:00Z\"}").statusCode()).isEqualTo(201);
        assertThat(postJson(a, "far", "{\"author\":\"Ana\",\"kind\":\"ACKNOWLEDGED\",\"alertAt\":\"2026-07-01T00:00:00Z\"}")
                .statusCode()).as("alerts held by another instance: any valid instant").isEqualTo(201);
        assertThat(writer.written()).extracting(PartnerNote::getAlertAt).containsExactly(alertAt,
                Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(fixture.metric(a, "partner_signals_notes_written_total{kind=\"ACKNOWLEDGED\"}")).isEqualTo(2.0);
    }

    @Test
    void aNoteTheBrokerDoesNotTakeIs503() throws Exception {
        HttpFixture.Instance one = start(TOKEN);
        one.view().holding(risk("acme", "Acme", 70, 50, T0));
        writer.failWith(new TimeoutException("Expiring 1 record(s)"));

        HttpResponse<String> answer = postJson(one, "acme", "{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"x\"}");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(answer.body()).get("error").asText()).contains("could not be written");
    }

    @Test
    void thePagesFormNeedsTheSessionAndThisHostAsOrigin() {
        HttpFixture.Instance one = start(TOKEN);
        one.view().holding(risk("acme/eu", "Acme EU", 70, 50, T0));
        String url = one.url("/partners/acme%2Feu/notes");
        String body = form("author", "Ana", "kind", "OWNER_SET", "text", "Bo Berg", "alertAt", "");
        String cookie = cookie(one);
        String type = "application/x-www-form-urlencoded";

        HttpResponse<String> saved = fixture.post(url, body, "Content-Type", type, "Cookie", cookie, "Origin", origin(one));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/partners/acme%2Feu");
        assertThat(writer.written()).singleElement().satisfies(n -> {
            assertThat(n.getPartnerId()).isEqualTo("acme/eu");
            assertThat(n.getKind()).isEqualTo(NoteKind.OWNER_SET);
            assertThat(n.getText()).isEqualTo("Bo Berg");
        });
        assertThat(fixture.post(url, body, "Content-Type", type, "Cookie", cookie, "Referer", origin(one) + "/partners/acme%2Feu")
                .statusCode()).as("a Referer of this host").isEqualTo(303);

        assertThat(fixture.post(url, body, "Content-Type", type, "Cookie", cookie).statusCode())
                .as("neither Origin nor Referer").isEqualTo(403);
        assertThat(fixture.post(url, body, "Content-Type", type, "Cookie", cookie, "Origin", "https://evil.example")
                .statusCode()).as("another site").isEqualTo(403);
        assertThat(fixture.post(url, body, "Content-Type", type, "Cookie", cookie, "Origin", "null").statusCode())
                .isEqualTo(403);
        assertThat(fixture.post(url, body, "Content-Type", type, "Origin", origin(one)).statusCode())
                .as("without the session").isEqualTo(401);
        assertThat(fixture.get(url, "Cookie", cookie).statusCode()).isEqualTo(405);
        assertThat(writer.written()).hasSize(2);
    }

    @Test
    void aRefusedFormGetsAPageWithTheReasonAndALinkBack() {
        HttpFixture.Instance one = start(null);
        one.view().holding(risk("acme", "Acme", 70, 50, T0));

        HttpResponse<String> refused = fixture.post(one.url("/partners/acme/notes"),
                form("author", "Ana<script>", "kind", "NOTE", "text", "x"),
                "Content-Type", "application/x-www-form-urlencoded", "Origin", origin(one));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(refused.body()).contains("author may hold only").contains("href=\"/partners/acme\"")
                .doesNotContain("<script>");
        assertThat(fixture.post(one.url("/partners/nobody/notes"), form("author", "Ana", "kind", "NOTE", "text", "x"),
                "Content-Type", "application/x-www-form-urlencoded", "Origin", origin(one)).statusCode()).isEqualTo(404);
    }

    @Test
    void sameOriginComparesTheAuthorityWithTheHostHeader() {
        assertThat(HttpApi.sameOrigin("https://risk.example:8443", null, "risk.example:8443")).isTrue();
        assertThat(HttpApi.sameOrigin(null, "http://risk.example/partners/a", "risk.example")).isTrue();
        assertThat(HttpApi.sameOrigin("https://risk.example.evil", null, "risk.example")).isFalse();
        assertThat(HttpApi.sameOrigin(null, "https://evil.example/?risk.example", "risk.example")).isFalse();
        assertThat(HttpApi.sameOrigin("file://risk.example", null, "risk.example")).isFalse();
        assertThat(HttpApi.sameOrigin("null", null, "risk.example")).isFalse();
        assertThat(HttpApi.sameOrigin(null, null, "risk.example")).isFalse();
    }
}
