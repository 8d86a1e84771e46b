package io.partnersignals.http;

import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.TOKEN;
import static io.partnersignals.http.HttpFixture.bearer;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pages and their assets over HTTP, with the RiskView double behind them. */
class HttpApiPagesTest {

    private final HttpFixture fixture = new HttpFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private static RiskSnapshot snapshot(String id, Instant at, int score, String band) {
        return new RiskSnapshot(id, "Acme", at, score, band, "v1", 0.1, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, null);
    }

    @Test
    void theOverviewSortsFiltersAndSearchesOnTheServer() {
        HttpFixture.Instance one = fixture.start(null);
        one.view().holding(risk("acme", "Acme Corp", 72, 60, T0, "Sponsor left."),
                risk("bolt", "Bolt Ltd", 40, 45, T0, "Slow answers."),
                risk("calm", "Calm Co", 10, 10, T0));

        HttpResponse<String> page = fixture.get(one.url("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(Exchange.PAGE_POLICY);
        assertThat(Exchange.PAGE_POLICY).contains("script-src 'self'").contains("style-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("http");
        assertThat(page.body()).contains("<link rel=\"stylesheet\" href=\"/assets/site.css\">")
                .contains("<span class=\"count\">1</span> <span class=\"label\">RED");
        assertThat(page.body().indexOf("data-partner-id=\"acme\"")).isLessThan(page.body().indexOf("data-partner-id=\"calm\""));

        String byName = fixture.get(one.url("/?sort=-name")).body();
        assertThat(byName.indexOf("data-partner-id=\"calm\"")).isLessThan(byName.indexOf("data-partner-id=\"acme\""));
        assertThat(fixture.get(one.url("/?band=AMBER")).body()).contains("data-partner-id=\"bolt\"")
                .doesNotContain("data-partner-id=\"acme\"");
        assertThat(fixture.get(one.url("/?q=calm%20co")).body()).contains("data-partner-id=\"calm\"")
                .doesNotContain("data-partner-id=\"bolt\"");
    }

    @Test
    void storyTimeCountsFromTheLatestScore() {
        HttpFixture.Instance one = fixture.startWith(HttpFixture.settings(null)
                .withPage(new HttpSettings.PageSettings(true, 35, 60)));
        one.view().holding(risk("acme", "Acme Corp", 72, 60, T0.plus(Duration.ofDays(400))));
        assertThat(fixture.get(one.url("/")).body()).contains("Demo story time.").contains("5 Sep 2027");
    }

    @Test
    void thePartnerPageShowsHistoryAlertsAndNotes() {
        HttpFixture.Instance one = fixture.start(TOKEN);
        Instant alertAt = T0.minus(Duration.ofDays(1));
        one.view().holding(risk("acme", "Acme Corp", 72, 60, T0, "Sponsor left."))
                .withHistory("acme", List.of(snapshot("acme", T0.minus(Duration.ofDays(5)), 30, "GREEN"),
                        snapshot("acme", alertAt, 62, "RED"), snapshot("acme", T0, 72, "RED")))
                .withAlerts("acme", List.of(new RiskAlert("acme", "Acme", alertAt, RiskBand.GREEN, RiskBand.RED, 62,
                        List.of("Sponsor left."), AlertKind.BAND_CHANGE)))
                .withNote(new PartnerNote("acme", "n1", T0, "Kim", NoteKind.NOTE, "Called <them>", null));

        assertThat(fixture.get(one.url("/partners/acme")).statusCode()).isEqualTo(401);
        HttpResponse<String> page = fixture.get(one.url("/partners/acme"), "Authorization", bearer(TOKEN));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("<h1>Acme Corp</h1>").contains("<svg id=\"score-chart\"")
                .contains("<circle class=\"score-point band-GREEN\"")
                .contains("<li data-alert-at=\"" + alertAt + "\">").contains("class=\"acknowledge\"")
                .contains("Called &lt;them&gt;").contains("<tr data-factor=\"responsiveness\">");
    }

    @Test
    void signingInFromASharedLinkLeadsBackToItButNeverToAnotherSite() {
        HttpFixture.Instance one = fixture.start(TOKEN);
        one.view().holding(risk("acme", "Acme Corp", 72, 60, T0));
        HttpResponse<String> form = fixture.get(one.url("/partners/acme?x=1"));
        assertThat(form.statusCode()).isEqualTo(401);
        assertThat(form.body()).contains("<input type=\"hidden\" name=\"next\" value=\"/partners/acme?x=1\">")
                .doesNotContain("Acme Corp");

        HttpResponse<String> login = fixture.postForm(one.url("/login"), "token=" + TOKEN + "&next=%2Fpartners%2Facme");
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/partners/acme");
        for (String evil : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "/a%0d%0aSet-Cookie:x",
                "javascript:alert(1)")) {
            HttpResponse<String> answer = fixture.postForm(one.url("/login"), "token=" + TOKEN + "&next="
                    + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(answer.headers().firstValue("Location")).as(evil).hasValue("/");
        }
        assertThat(StatusPages.next("/a\r\nSet-Cookie: x")).isEqualTo("/");
        assertThat(StatusPages.next("/?band=RED&q=acme")).isEqualTo("/?band=RED&q=acme");
    }

    @Test
    void anUnknownPartnerIs404AndANotReadyInstance503() {
        HttpFixture.Instance one = fixture.start(null);
        HttpResponse<String> unknown = fixture.get(one.url("/partners/nobody"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(unknown.body()).contains("nobody").contains("<a href=\"/\">All partners</a>");

        one.view().state(KafkaStreams.State.REBALANCING);
        HttpResponse<String> notReady = fixture.get(one.url("/partners/acme"));
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(notReady.body()).contains("REBALANCING").contains("http-equiv=\"refresh\"");
    }

    @Test
    void aPartnerOwnedElsewhereIsReadFromItsOwner() {
        HttpFixture.Instance one = fixture.start(TOKEN);
        HttpFixture.Instance two = fixture.start(TOKEN);
        two.view().holding(risk("a/b", "Slash Partner", 50, 40, T0, "Requests wait."));
        one.view().owning("a/b", two.host()).owning("gone", two.host());

        HttpResponse<String> page = fixture.get(one.url("/partners/a%2Fb"), "Authorization", bearer(TOKEN));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Slash Partner</h1>").contains("action=\"/partners/a%2Fb/notes\"");
        assertThat(two.view().lookups()).contains("a/b");
        assertThat(fixture.get(one.url("/partners/gone"), "Authorization", bearer(TOKEN)).statusCode()).isEqualTo(404);
    }

    @Test
    void assetsHaveTheirTypesAndNothingElseIsServed() {
        HttpFixture.Instance one = fixture.start(TOKEN);
        HttpResponse<String> css = fixture.get(one.url("/assets/site.css"));
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(css.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(css.body()).contains("--amber-text");
        HttpResponse<String> js = fixture.get(one.url("/assets/overview.js"));
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("pause-updates").doesNotContain("http://").doesNotContain("https://");
        HttpResponse<String> head = fixture.head(one.url("/assets/site.css"));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        for (String path : List.of("/assets/", "/assets/nope.js", "/assets/logback.xml", "/assets/../logback.xml",
                "/assets/%2e%2e/logback.xml", "/assets/..%2Flogback.xml", "/assets/assets/site.css",
                "/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/assets/site.css/")) {
            HttpResponse<String> answer = fixture.get(one.url(path));
            assertThat(answer.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(answer.body()).as(path).doesNotContain("<configuration").doesNotContain("root:");
        }
    }
}
