package io.partnersignals.http;

import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.TOKEN;
import static io.partnersignals.http.HttpFixture.bearer;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.OurSide;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.json.JsonRecords;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One instance: health, metrics, the partners' JSON, not-queryable answers, the token and the page. */
class HttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpFixture fixture = new HttpFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void liveUnlessInErrorAndReadyOnlyWhenRunning() throws Exception {
        HttpFixture.Instance one = fixture.start(null);
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            one.view().state(state);
            HttpResponse<String> ready = fixture.get(one.url("/health/ready"));
            boolean running = state == KafkaStreams.State.RUNNING;
            assertThat(ready.statusCode()).as("ready when %s", state).isEqualTo(running ? 200 : 503);
            JsonNode readyBody = JSON.readTree(ready.body());
            assertThat(readyBody.get("state").asText()).isEqualTo(state.name());
            assertThat(readyBody.get("status").asText()).isEqualTo(running ? "UP" : "DOWN");
            assertThat(readyBody.get("problems")).hasSize(running ? 0 : 1);
            HttpResponse<String> live = fixture.get(one.url("/health/live"));
            boolean error = state == KafkaStreams.State.ERROR;
            assertThat(live.statusCode()).as("live when %s", state).isEqualTo(error ? 503 : 200);
            assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo(error ? "DOWN" : "UP");
        }
    }

    @Test
    void metricsArePrometheusText() {
        HttpFixture.Instance one = fixture.start(TOKEN);
        fixture.meters.counter("partner.signals.test.records").increment(3);

        HttpResponse<String> metrics = fixture.get(one.url("/metrics"));

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body()).contains("# TYPE partner_signals_test_records_total counter")
                .contains("partner_signals_test_records_total 3.0");
    }

    @Test
    void listsPartnersByRiskWithTrendAndFirstReason() throws Exception {
        HttpFixture.Instance one = fixture.start(null);
        one.view().holding(
                risk("calm", "Calm Co", 12, 12, T0, "All is well."),
                risk("prodigal", "Prodigal", 98, 90, T0.plusSeconds(60), "Sponsor left.", "Requests unanswered.",
                        "Pages link to rivals.", "A fourth reason."),
                risk("drifter", "Drifter", 44, 50, T0, "Margin eroding."),
                risk("newbie", null, 44, null, T0));

        HttpResponse<String> answer = fixture.get(one.url("/api/partners"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("incomplete")).isEmpty();
        List<String> ids = new ArrayList<>();
        body.get("partners").forEach(p -> ids.add(p.get("partnerId").asText()));
        assertThat(ids).containsExactly("prodigal", "drifter", "newbie", "calm"); // score desc, then id
        JsonNode prodigal = body.get("partners").get(0);
        assertThat(prodigal.get("partnerName").asText()).isEqualTo("Prodigal");
        assertThat(prodigal.get("score").asInt()).isEqualTo(98);
        assertThat(prodigal.get("band").asText()).isEqualTo("RED");
        assertThat(prodigal.get("previousScore").asInt()).isEqualTo(90);
        assertThat(prodigal.get("trend").asText()).isEqualTo("UP");
        assertThat(prodigal.get("computedAt").asText()).isEqualTo("2026-08-01T10:01:00Z");
        assertThat(prodigal.get("reason").asText()).isEqualTo("Sponsor left.");
        assertThat(prodigal.get("reasons")).hasSize(3);
        assertThat(body.get("partners").get(1).get("trend").asText()).isEqualTo("DOWN");
        assertThat(body.get("partners").get(2).get("trend").asText()).isEqualTo("NEW");
        assertThat(body.get("partners").get(2).get("reason").isNull()).isTrue();
        assertThat(body.get("partners").get(3).get("trend").asText()).isEqualTo("FLAT");
    }

    @Test
    void theModelV2FieldsReachTheListingThePartnerAndThePages() throws Exception {
        HttpFixture.Instance one = fixture.start(null);
        PartnerRisk v2 = risk("prodigal", "Prodigal", 98, 90, T0, "Sponsor left.",
                "Competitors of the partner court us: pd-016, pd-025.");
        v2.setModelVersion("v2");
        v2.setOurSide(new OurSide(30, List.of(
                new RiskFactor("ourResponsiveness", 0.6, 0.5, 0.3, List.of("pd-024 open for 38 days")),
                new RiskFactor("ourReciprocity", 0.0, 0.5, 0.0, List.of())), List.of("We left pd-024 unanswered.")));
        v2.setCompetitorApproaches(List.of("pd-016", "pd-025"));
        one.view().holding(v2, risk("calm", "Calm Co", 12, 12, T0, "All is well."));

        JsonNode listing = JSON.readTree(fixture.get(one.url("/api/partners")).body());
        assertThat(listing.get("partners").get(0).get("ourSide").asInt()).isEqualTo(30);
        assertThat(listing.get("partners").get(1).get("ourSide").isNull()).isTrue();

        JsonNode partner = JSON.readTree(fixture.get(one.url("/api/partners/prodigal")).body());
        assertThat(partner.get("ourSide").get("score").asInt()).isEqualTo(30);
        assertThat(partner.get("ourSide").get("factors").get(0).get("name").asText()).isEqualTo("ourResponsiveness");
        assertThat(partner.get("competitorApproaches")).hasSize(2);
        assertThat(JSON.readTree(fixture.get(one.url("/api/partners/calm")).body()).get("ourSide").isNull()).isTrue();

        assertThat(fixture.get(one.url("/")).body())
                .contains("<td class=\"our-side-score\" data-label=\"Our side\">30</td>");
        assertThat(fixture.get(one.url("/partners/prodigal")).body())
                .contains("Our-side score <strong class=\"score\">30</strong>")
                .contains("<li><code>pd-025</code></li>");
    }

    @Test
    void onePartnerIsItsPartnerRiskAndAnUnknownOneIs404() throws Exception {
        HttpFixture.Instance one = fixture.start(null);
        PartnerRisk spaced = risk("acme corp/eu", "Acme", 70, 65, T0, "Sponsor left.");
        one.view().holding(risk("prodigal", "Prodigal", 98, 90, T0, "Sponsor left."), spaced);

        HttpResponse<String> found = fixture.get(one.url("/api/partners/prodigal"));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(found.body())).isEqualTo(JsonRecords.toJson(risk("prodigal", "Prodigal", 98, 90, T0,
                "Sponsor left.")));
        assertThat(JSON.readTree(found.body()).get("computedAt").asText()).isEqualTo("2026-08-01T10:00:00Z");

        HttpResponse<String> encoded = fixture.get(one.url("/api/partners/acme%20corp%2Feu"));
        assertThat(encoded.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(encoded.body()).get("partnerId").asText()).isEqualTo("acme corp/eu");

        HttpResponse<String> unknown = fixture.get(one.url("/api/partners/nobody"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("nobody");
    }

    @Test
    void notQueryableIs503WithRetryAfter() throws Exception {
        HttpFixture.Instance one = fixture.start(null);
        one.view().holding(risk("prodigal", "Prodigal", 98, 90, T0));

        one.view().state(KafkaStreams.State.REBALANCING);
        for (String path : List.of("/api/partners", "/api/partners/prodigal", "/api/partners?scope=local")) {
            HttpResponse<String> answer = fixture.get(one.url(path));
            assertThat(answer.statusCode()).as(path).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).as(path).hasValue("5");
            assertThat(JSON.readTree(answer.body()).get("error").asText()).as(path).contains("REBALANCING");
        }
        HttpResponse<String> page = fixture.get(one.url("/"));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("REBALANCING").contains("http-equiv=\"refresh\"");

        // running, but the key's partition is still restoring here
        one.view().state(KafkaStreams.State.RUNNING);
        one.view().failLookups("the risk store is not queryable on this instance now: restoring");
        HttpResponse<String> restoring = fixture.get(one.url("/api/partners/prodigal"));
        assertThat(restoring.statusCode()).isEqualTo(503);
        assertThat(restoring.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(JSON.readTree(restoring.body()).get("error").asText()).contains("restoring");

        one.view().failLookups(null);
        assertThat(fixture.get(one.url("/api/partners/prodigal")).statusCode()).isEqualTo(200);
    }

    @Test
    void scoresNeedTheTokenHealthAndMetricsDoNot() {
        HttpFixture.Instance one = fixture.start(TOKEN);
        one.view().holding(risk("prodigal", "Prodigal", 98, 90, T0));

        for (String path : List.of("/api/partners", "/api/partners/prodigal", "/api/partners?scope=local", "/api/other")) {
            HttpResponse<String> without = fixture.get(one.url(path));
            assertThat(without.statusCode()).as(path).isEqualTo(401);
            assertThat(without.headers().firstValue("WWW-Authenticate")).as(path)
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(without.body()).doesNotContain("Prodigal");
            assertThat(fixture.get(one.url(path), "Authorization", bearer("s3cret-tokeN")).statusCode()).as(path).isEqualTo(401);
            assertThat(fixture.get(one.url(path), "Authorization", bearer(TOKEN + "x")).statusCode()).as(path).isEqualTo(401);
            assertThat(fixture.get(one.url(path), "Authorization", "Basic " + TOKEN).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(fixture.get(one.url("/api/partners"), "Authorization", bearer(TOKEN)).statusCode()).isEqualTo(200);
        assertThat(fixture.get(one.url("/api/partners/prodigal"), "Authorization", bearer(TOKEN)).statusCode()).isEqualTo(200);
        assertThat(fixture.get(one.url("/api/other"), "Authorization", bearer(TOKEN)).statusCode()).isEqualTo(404);
        assertThat(fixture.get(one.url("/health/live")).statusCode()).isEqualTo(200);
        assertThat(fixture.get(one.url("/health/ready")).statusCode()).isEqualTo(200);
        assertThat(fixture.get(one.url("/metrics")).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenScoresAreOpen() {
        HttpFixture.Instance one = fixture.start("");
        one.view().holding(risk("prodigal", "Prodigal", 98, 90, T0));

        assertThat(fixture.get(one.url("/api/partners/prodigal")).statusCode()).isEqualTo(200);
        assertThat(fixture.get(one.url("/")).body()).contains("Prodigal");
        assertThat(fixture.postForm(one.url("/login"), "token=anything").statusCode()).isEqualTo(303);
    }

    @Test
    void thePageSignsInWithAFormAndAnHttpOnlyCookie() {
        HttpFixture.Instance one = fixture.start(TOKEN);
        one.view().holding(risk("prodigal", "Prodigal Accelerators", 98, 90, T0, "Sponsor left."));

        HttpResponse<String> form = fixture.get(one.url("/"));
        assertThat(form.statusCode()).isEqualTo(401);
        assertThat(form.body()).contains("<form id=\"login\" method=\"post\" action=\"/login\">").contains("name=\"token\"")
                .doesNotContain("Prodigal");

        HttpResponse<String> wrong = fixture.postForm(one.url("/login"), "token=guess");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(wrong.body()).contains("not right");

        HttpResponse<String> login = fixture.postForm(one.url("/login"),
                "token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(TOKEN);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> page = fixture.get(one.url("/"), "Cookie", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Prodigal Accelerators").contains("Sponsor left.");
        assertThat(fixture.get(one.url("/api/partners/prodigal"), "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(fixture.get(one.url("/"), "Cookie", cookie + "x").statusCode()).isEqualTo(401);
        assertThat(fixture.get(one.url("/"), "Authorization", bearer(TOKEN)).statusCode()).isEqualTo(200);
    }

    @Test
    void thePageEscapesWhatPartnersWrite() {
        HttpFixture.Instance one = fixture.start(null);
        one.view().holding(
                risk("evil", "<script>alert('x')</script>", 80, 60, T0, "Links to <a href=\"https://rival.example\">rival</a> & co"),
                risk("calm", "Calm Co", 10, 20, T0, "r1", "r2", "r3", "r4"));

        HttpResponse<String> page = fixture.get(one.url("/"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'"));
        String html = page.body();
        // the only script is the app's own file; the reason's URL is linked, its markup is text
        assertThat(html).doesNotContain("<script>").doesNotContain("<a href=\"https://rival.example\">rival")
                .contains("<script src=\"/assets/overview.js\" defer></script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("Links to &lt;a href=&quot;<a href=\"https://rival.example\" rel=\"noopener noreferrer nofollow\">"
                        + "https://rival.example</a>&quot;&gt;rival&lt;/a&gt; &amp; co")
                .contains("class=\"badge band-RED\"").contains("class=\"badge band-GREEN\"")
                .contains("\u25b2").contains("\u25bc")
                .contains(">r1</td>").doesNotContain("r2");
        assertThat(html.indexOf("evil")).isLessThan(html.indexOf("calm"));
    }

    @Test
    void otherMethodsAreRefused() {
        HttpFixture.Instance one = fixture.start(null);
        assertThat(fixture.postForm(one.url("/api/partners"), "x=1").statusCode()).isEqualTo(405);
        assertThat(fixture.get(one.url("/login")).statusCode()).isEqualTo(405);
        assertThat(fixture.get(one.url("/nothing-here")).statusCode()).isEqualTo(404);
    }
}
