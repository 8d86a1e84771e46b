package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.OurSide;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The partner page and its chart: the DOM contract, factors with evidence, alerts, notes, escaping. */
class PartnerPageTest {

    private static final Instant T = Instant.parse("2026-08-30T12:00:00Z");
    private static final Instant ALERT_1 = T.minus(Duration.ofDays(10));
    private static final Instant ALERT_2 = T.minus(Duration.ofDays(2));

    private static PartnerRisk risk(String id, String name) {
        return new PartnerRisk(id, name, T, 72, RiskBand.RED, 60, "v1", List.of(
                new RiskFactor("sponsorship", 0.8, 0.2, 16.000000000000004,
                        List.of("Downgrade from GOLD to SILVER on 2026-08-20")),
                new RiskFactor("responsiveness", 0.5, 0.15, 7.5, List.of("Request r-7 open for 33 days")),
                new RiskFactor("attribution", 1.0, 0.1, 10.0,
                        List.of("https://p.example/bench mentions us but does not link to us", "javascript:alert(1)")),
                new RiskFactor("pricingExclusion", 0.0, 0.1, 0.0, List.of())),
                List.of("Sponsor downgraded.", "See https://p.example/bench.", "Requests wait."), null, List.of());
    }

    private static List<ScoreChart.Point> history() {
        return List.of(new ScoreChart.Point(T.minus(Duration.ofDays(30)), 20, "GREEN"),
                new ScoreChart.Point(T.minus(Duration.ofDays(10)), 45, "AMBER"),
                new ScoreChart.Point(T, 72, "RED"));
    }

    private static List<PartnerPage.Alert> alerts() {
        return List.of(new PartnerPage.Alert(ALERT_2, "AMBER", "RED", 72, List.of("Sponsor downgraded."), null, null, null),
                new PartnerPage.Alert(ALERT_1, "GREEN", "AMBER", 45, List.of("Requests wait."), null, null, null));
    }

    private static PartnerNote note(String id, Instant at, String author, NoteKind kind, String text, Instant alertAt) {
        return new PartnerNote("acme", id, at, author, kind, text, alertAt);
    }

    private static String render(PartnerRisk risk, List<PartnerNote> notes) {
        return render(risk, null, notes);
    }

    private static String render(PartnerRisk risk, Partner reference, List<PartnerNote> notes) {
        return PartnerPage.render(new PartnerPage.Data(risk, reference, history(), alerts(), notes, T, false, 35, 60));
    }

    @Test
    void showsTheDomainsAsLinksAndTheKindInWords() {
        Partner acme = new Partner("acme", "Acme Corp", List.of("acme.example", "shop.acme.example"), PartnerKind.RESELLER);
        String html = render(risk("acme", "Acme Corp"), acme, List.of());
        assertThat(html).contains("<dd id=\"partner-kind\">Reseller</dd>")
                .contains("href=\"https://acme.example/\">acme.example</a>")
                .contains("href=\"https://shop.acme.example/\">shop.acme.example</a>");
        assertThat(render(risk("acme", "Acme Corp"), null, List.of())).contains("the partners topic has no record")
                .doesNotContain("partner-kind");
    }

    @Test
    void hasTheElementsTheBrowserTestsUse() {
        List<PartnerNote> notes = List.of(
                note("n1", T.minus(Duration.ofDays(9)), "Kim", NoteKind.ACKNOWLEDGED, "called them", ALERT_1),
                note("n2", T.minus(Duration.ofDays(8)), "Kim", NoteKind.OWNER_SET, "Lee Park", null),
                note("n3", T.minus(Duration.ofDays(1)), "Lee", NoteKind.NOTE, "Meeting on https://cal.example/x", null));
        String html = render(risk("acme", "Acme Corp"), notes);
        assertThat(html).contains("<h1>Acme Corp</h1>")
                .contains("<svg id=\"score-chart\"")
                .contains("<table id=\"factors\">\n<caption>")
                .contains("<tr data-factor=\"sponsorship\">").contains("<tr data-factor=\"pricingExclusion\">")
                .contains("<ol id=\"alerts\"")
                .contains("<form id=\"owner-form\" method=\"post\" action=\"/partners/acme/notes\">")
                .contains("<form id=\"note-form\" method=\"post\" action=\"/partners/acme/notes\">")
                .contains("<textarea id=\"note-text\" name=\"text\"")
                .contains("<ol id=\"notes\"")
                .contains("id=\"partner-domains\"").contains("<meta name=\"viewport\"");
        // the older alert is acknowledged by its note; the newer one has a form
        assertThat(html).contains("<li data-alert-at=\"" + ALERT_1 + "\"><p><strong>GREEN to AMBER</strong>")
                .contains("<p class=\"acknowledged\">Acknowledged by <span class=\"author\">Kim</span>")
                .contains("<li data-alert-at=\"" + ALERT_2 + "\"><p><strong>AMBER to RED</strong>")
                .contains("<input type=\"hidden\" name=\"kind\" value=\"ACKNOWLEDGED\"><input type=\"hidden\" name=\"alertAt\" value=\""
                        + ALERT_2 + "\">")
                .contains("<button type=\"submit\" class=\"acknowledge\">Acknowledge</button>");
        assertThat(Pattern.compile("class=\"acknowledge\"").matcher(html).results().count()).isEqualTo(1);
        assertThat(html).contains("Owned by <strong>Lee Park</strong>")
                .contains("Meeting on <a href=\"https://cal.example/x\"");
        // notes newest first
        assertThat(html.indexOf("data-note-id=\"n3\"")).isLessThan(html.indexOf("data-note-id=\"n1\""));
    }

    @Test
    void factorsShowValueWeightPointsBarSentenceAndEvidence() {
        String html = render(risk("acme", "Acme Corp"), List.of());
        assertThat(html).contains("<th scope=\"row\" data-label=\"Factor\">Pricing exclusion</th>")
                .contains("<td class=\"value\" data-label=\"Value\">80%</td><td class=\"weight\" data-label=\"Weight\">0.2</td>")
                .contains("<rect class=\"bar-fill\" width=\"29.1\" height=\"10\"/></svg> 16</td>")
                .doesNotContain("16.000000000000004")
                // reasons pair with the contributing factors by contribution: sponsorship 16, attribution 10, responsiveness 7.5
                .contains("data-label=\"What it means\">Sponsor downgraded.</td>")
                .contains("data-label=\"What it means\">Requests wait.</td>")
                .contains("<a class=\"evidence-link\" href=\"https://p.example/bench\"")
                .contains("<li>javascript:alert(1)</li>")
                .contains("on <time datetime=\"2026-08-20\">20 Aug 2026</time>")
                .contains("Request r-7 open for 33 days")
                .contains("<span class=\"muted\">no risk found</span>");
        assertThat(html).contains("<tr data-factor=\"attribution\">").containsPattern(
                "data-factor=\"attribution\">.*See <a href=\"https://p.example/bench\"[^>]*>https://p.example/bench</a>\\.</td>");
        assertThat(html.split("class=\"bar\"", -1)).hasSize(5);
    }

    @Test
    void chartHasThresholdsAndOneMarkerPerAlert() {
        String svg = ScoreChart.svg(history(), alerts().stream()
                .map(a -> new ScoreChart.Marker(a.at(), a.fromBand(), a.toBand(), a.score())).toList(), 35, 60);
        assertThat(svg).startsWith("<svg id=\"score-chart\"").endsWith("</svg>\n")
                .contains("<g class=\"threshold threshold-red\" data-score=\"60\">")
                .contains("<g class=\"threshold threshold-amber\" data-score=\"35\">")
                .contains("<polyline class=\"score-line\"")
                .contains("<title>Alert 20 Aug 2026, 12:00 UTC: GREEN to AMBER at 45</title>")
                .contains("<desc id=\"score-chart-desc\">Daily score from 31 Jul 2026 (20, GREEN) to 30 Aug 2026 (72, RED)");
        assertThat(svg.split("class=\"alert-marker", -1)).hasSize(3);
        assertThat(svg.split("<circle", -1)).hasSize(4);
        // y: 100 at the top, 0 at the bottom; the red line lies above the amber one
        assertThat(ScoreChart.y(100)).isLessThan(ScoreChart.y(60));
        assertThat(ScoreChart.y(60)).isLessThan(ScoreChart.y(35));
        assertThat(ScoreChart.svg(List.of(), List.of(), 35, 60)).contains("No history yet").doesNotContain("alert-marker");
    }

    @Test
    void escapesEveryValue() {
        String evil = "<img src=x onerror=alert(1)>\"'&";
        String escaped = "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;";
        PartnerRisk r = new PartnerRisk(evil, evil, T, 50, RiskBand.AMBER, null, evil,
                List.of(new RiskFactor(evil, 0.5, 0.1, 5.0, List.of(evil))), List.of(evil), null, List.of());
        List<PartnerNote> notes = List.of(new PartnerNote(evil, evil, T, evil, NoteKind.OWNER_SET, evil, null),
                new PartnerNote(evil, "n2", T, evil, NoteKind.NOTE, evil, null));
        List<PartnerPage.Alert> alerts = List.of(new PartnerPage.Alert(T, evil, evil, 50, List.of(evil), null, null, null));
        Partner reference = new Partner(evil, evil, List.of(evil), PartnerKind.OTHER);
        String html = PartnerPage.render(new PartnerPage.Data(r, reference, List.of(new ScoreChart.Point(T, 50, evil)),
                alerts, notes, T, true, 35, 60));
        assertThat(html).doesNotContain("<img").contains("<h1>" + escaped + "</h1>")
                .contains("data-factor=\"" + escaped + "\"")
                .contains("action=\"/partners/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%22%27%26/notes\"")
                .contains("<span class=\"author\">" + escaped + "</span>")
                .contains("id=\"story-time\"");
    }

    @Test
    void ownerIsTheLatestOwnerSet() {
        assertThat(PartnerPage.owner(List.of(note("1", T, "a", NoteKind.OWNER_SET, "Kim", null),
                note("2", T, "a", NoteKind.NOTE, "x", null), note("3", T, "a", NoteKind.OWNER_SET, "Lee", null)))).isEqualTo("Lee");
        assertThat(PartnerPage.owner(List.of())).isNull();
        assertThat(PartnerPage.label("marginErosion")).isEqualTo("Margin erosion");
    }

    /** A model v2 score: our side computed, two competitors of the partner courting us, one named in the reasons. */
    private static PartnerRisk v2(String id) {
        PartnerRisk r = risk(id, "Acme Corp");
        r.setModelVersion("v2");
        r.setReasons(List.of("Sponsor downgraded.", "See https://p.example/bench.", "Requests wait.",
                "Competitors of the partner are courting us: ca-1, ca-2 in the last 90 days."));
        r.setOurSide(new OurSide(37, List.of(
                new RiskFactor("ourResponsiveness", 0.74, 0.5, 0.37, List.of("Request in-4 from the partner open for 46 days")),
                new RiskFactor("ourReciprocity", 0.0, 0.5, 0.0, List.of())),
                List.of("We have not answered the partner's request in-4 for 46 days.")));
        r.setCompetitorApproaches(List.of("ca-1", "ca-2"));
        return r;
    }

    @Test
    void ourSideShowsItsScoreFactorsAsBarsSentencesAndEvidenceApartFromTheRisk() {
        String html = render(v2("acme"), List.of());
        assertThat(html).contains("<section id=\"our-side\" class=\"our-side\" aria-labelledby=\"our-side-h\">")
                .contains("<h2 id=\"our-side-h\">Our side of the partnership</h2>")
                .contains("never part of the risk score")
                .contains("<p id=\"our-side-score\">Our-side score <strong class=\"score\">37</strong> of 100</p>")
                .contains("<table id=\"our-factors\">\n<caption>")
                .contains("<th scope=\"row\" data-label=\"Factor\">Our responsiveness</th>")
                .contains("<th scope=\"row\" data-label=\"Factor\">Our reciprocity</th>")
                // the value is the bar: 74% of its length
                .contains("<td class=\"value\" data-label=\"Value\"><svg class=\"bar\"")
                .contains("<rect class=\"bar-fill\" width=\"74.0\" height=\"10\"/></svg> 74%</td>")
                .contains("data-label=\"What it means\">We have not answered the partner&#39;s request in-4 for 46 days.</td>")
                .contains("<li>Request in-4 from the partner open for 46 days</li>")
                .contains("<span class=\"muted\">nothing to fix on our side</span>");
        // the risk's own factors and score are untouched by it
        assertThat(html).contains("<dd class=\"score\">72 ").doesNotContain("data-factor=\"ourResponsiveness\"><th scope=\"row\" "
                + "data-label=\"Factor\">Our responsiveness</th><td class=\"value\" data-label=\"Value\">74%</td><td class=\"weight\"");
        String factors = html.substring(html.indexOf("<table id=\"factors\">"), html.indexOf("<table id=\"our-factors\">"));
        assertThat(factors).doesNotContain("ourResponsiveness");
        // after the risk's factors, before the alert log: a landmark of its own with a heading
        assertThat(html.indexOf("id=\"our-side-h\"")).isGreaterThan(html.indexOf("id=\"factors-h\""))
                .isLessThan(html.indexOf("id=\"alerts-h\""));
    }

    @Test
    void competitorsCourtingUsListTheApproachesAndTheReasonThatNamesThem() {
        String html = render(v2("acme"), List.of());
        assertThat(html).contains("<section id=\"competitor-approaches\" aria-labelledby=\"approaches-h\">")
                .contains("<h2 id=\"approaches-h\">Competitors courting us</h2>")
                .contains("<p class=\"reason\">Competitors of the partner are courting us: ca-1, ca-2 in the last 90 days.</p>")
                .contains("<ul id=\"approaches\"><li><code>ca-1</code></li><li><code>ca-2</code></li></ul>");
        PartnerRisk none = v2("acme");
        none.setCompetitorApproaches(List.of());
        assertThat(render(none, List.of())).contains("No competitor of this partner has approached us in the last 90 days.")
                .doesNotContain("id=\"approaches\"");
    }

    @Test
    void modelV1SaysOurSideWasNotComputed() {
        String html = render(risk("acme", "Acme Corp"), List.of());
        assertThat(html).contains("<h2 id=\"our-side-h\">Our side of the partnership</h2>")
                .contains("<p id=\"our-side-score\" class=\"muted\">Not computed: model v1 does not score our side.</p>")
                .doesNotContain("id=\"our-factors\"")
                .contains("<h2 id=\"approaches-h\">Competitors courting us</h2>\n<p class=\"muted\">Not tracked by model v1.</p>");
    }

    @Test
    void ourSideAndApproachesAreEscaped() {
        String evil = "<img src=x onerror=alert(1)>\"'&";
        PartnerRisk r = v2("acme");
        r.setOurSide(new OurSide(50, List.of(new RiskFactor(evil, 0.5, 0.5, 0.25, List.of(evil))), List.of(evil)));
        r.setCompetitorApproaches(List.of(evil));
        r.setReasons(List.of(evil + " courts us"));
        String html = render(r, List.of());
        assertThat(html).doesNotContain("<img").contains("<li><code>&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</code></li>");
    }
}
