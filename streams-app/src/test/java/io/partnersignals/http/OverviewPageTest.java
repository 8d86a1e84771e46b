package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The overview's HTML: the DOM contract, escaping, and the server's sort, filter and search. */
class OverviewPageTest {

    private static final Instant NOW = Instant.parse("2026-08-30T12:00:00Z");

    private static OverviewPage.Row row(String id, String name, int score, String band, Integer change7d, Instant since,
                                        Integer ourSide) {
        return new OverviewPage.Row(id, name, score, band, score - 2, NOW.minus(Duration.ofHours(1)), "Reason of " + id,
                change7d, change7d == null ? null : change7d * 2, since, null, 0, ourSide);
    }

    /** calm was scored by model v1: no our-side score. */
    private static final List<OverviewPage.Row> ROWS = List.of(
            row("acme", "Acme Corp", 72, "RED", 10, NOW.minus(Duration.ofDays(3)), 12),
            row("bolt", "Bolt Ltd", 40, "AMBER", -5, NOW.minus(Duration.ofDays(20)), 55),
            row("calm", "Calm Co", 10, "GREEN", null, null, null),
            row("dusk", "Dusk Inc", 65, "RED", 2, NOW.minus(Duration.ofDays(40)), 0));

    private static String render(String query) {
        return OverviewPage.render(ROWS, List.of(), OverviewPage.Query.parse(query), NOW, NOW, false);
    }

    private static List<String> order(String html) {
        Matcher m = Pattern.compile("<tr data-partner-id=\"([^\"]+)\"").matcher(html);
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void hasTheElementsTheBrowserTestsUse() {
        String html = render(null);
        assertThat(html).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<header").contains("<nav").contains("<main")
                .contains("<ul id=\"band-counts\"")
                .contains("<li data-band=\"RED\" class=\"band-RED\"><a href=\"/?band=RED\"><span class=\"count\">2</span>")
                .contains("<li data-band=\"AMBER\" class=\"band-AMBER\"><a href=\"/?band=AMBER\"><span class=\"count\">1</span>")
                .contains("<li data-band=\"GREEN\" class=\"band-GREEN\"><a href=\"/?band=GREEN\"><span class=\"count\">1</span>")
                .contains("<table id=\"partners\">\n<caption>4 partners; highest score first</caption>")
                .contains("<select id=\"band-filter\" name=\"band\"><option value=\"ALL\" selected>")
                .contains("<input id=\"search\" name=\"q\"")
                .contains("<th scope=\"col\" aria-sort=\"descending\"><button type=\"submit\" name=\"sort\" value=\"-score\" data-sort=\"score\"")
                .contains("data-sort=\"name\"").contains("data-sort=\"change\"").contains("data-sort=\"time-in-band\"")
                .contains("<th scope=\"col\"><button type=\"submit\" name=\"sort\" value=\"our-side\" data-sort=\"our-side\" "
                        + "formaction=\"/\">Our side<span")
                .contains("<button type=\"button\" id=\"pause-updates\" aria-pressed=\"false\"")
                .contains("<span id=\"updated-at\">")
                .contains("<script src=\"/assets/overview.js\" defer></script>")
                .doesNotContain("id=\"story-time\"");
        assertThat(html).contains("<td class=\"name\" data-label=\"Partner\"><a href=\"/partners/acme\">Acme Corp</a>")
                .contains("<td class=\"change-7d up\" data-label=\"7 days\"><span aria-hidden=\"true\">+10</span>"
                        + "<span class=\"visually-hidden\">up 10 since 7 days ago</span></td>")
                .contains("<td class=\"change-30d down\"").contains("\u221210")
                .contains("<td class=\"band-since\" data-label=\"In band since\">RED since <time datetime=\"2026-08-27T12:00:00Z\"")
                .contains(">27 Aug 2026</time><small class=\"span\">3 days</small>")
                .contains("<td class=\"owner\" data-label=\"Owner\"><span class=\"muted\">no owner</span>")
                .contains("<td class=\"reason\" data-label=\"First reason\">Reason of acme</td>")
                .contains("<td class=\"our-side-score\" data-label=\"Our side\">12</td>")
                .contains("<td class=\"our-side-score\" data-label=\"Our side\">0</td>")
                .contains("<td class=\"our-side-score\" data-label=\"Our side\"><span aria-hidden=\"true\">\u2013</span>"
                        + "<span class=\"visually-hidden\">not computed</span></td>")
                .contains("<span class=\"badge band-AMBER\">AMBER</span>");
    }

    @Test
    void sortsByEachColumnBothWays() {
        assertThat(order(render(null))).containsExactly("acme", "dusk", "bolt", "calm");
        assertThat(order(render("sort=-score"))).containsExactly("calm", "bolt", "dusk", "acme");
        assertThat(order(render("sort=name"))).containsExactly("acme", "bolt", "calm", "dusk");
        assertThat(order(render("sort=-name"))).containsExactly("dusk", "calm", "bolt", "acme");
        // largest rise first, unknown last either way
        assertThat(order(render("sort=change"))).containsExactly("acme", "dusk", "bolt", "calm");
        assertThat(order(render("sort=-change"))).containsExactly("bolt", "dusk", "acme", "calm");
        // longest in band first
        assertThat(order(render("sort=time-in-band"))).containsExactly("dusk", "bolt", "acme", "calm");
        assertThat(order(render("sort=-time-in-band"))).containsExactly("acme", "bolt", "dusk", "calm");
        assertThat(render("sort=name")).contains("<th scope=\"col\" aria-sort=\"ascending\"><button type=\"submit\" name=\"sort\" value=\"-name\"");
        assertThat(order(render("sort=bogus"))).containsExactly("acme", "dusk", "bolt", "calm");
        // highest our-side score first, a partner without one (model v1) last either way
        assertThat(order(render("sort=our-side"))).containsExactly("bolt", "acme", "dusk", "calm");
        assertThat(order(render("sort=-our-side"))).containsExactly("dusk", "acme", "bolt", "calm");
        assertThat(render("sort=our-side")).contains("<caption>4 partners; highest our-side score first</caption>")
                .contains("<th scope=\"col\" aria-sort=\"descending\"><button type=\"submit\" name=\"sort\" value=\"-our-side\"");
        assertThat(render("sort=-our-side")).contains("lowest our-side score first")
                .contains("<th scope=\"col\" aria-sort=\"ascending\"><button type=\"submit\" name=\"sort\" value=\"our-side\"");
    }

    @Test
    void filtersByBandAndSearchesNameOrIdButCountsAll() {
        String red = render("band=RED");
        assertThat(order(red)).containsExactly("acme", "dusk");
        assertThat(red).contains("<option value=\"RED\" selected>").contains("<caption>2 of 4 partners, RED only; highest score first")
                .contains("<span class=\"count\">1</span> <span class=\"label\">GREEN");
        assertThat(order(render("band=amber"))).containsExactly("bolt");
        assertThat(order(render("q=CORP"))).containsExactly("acme");
        assertThat(order(render("q=bol"))).containsExactly("bolt");
        assertThat(order(render("q=Dusk+Inc&band=RED&sort=name"))).containsExactly("dusk");
        assertThat(order(render("band=GREEN&q=acme"))).isEmpty();
        assertThat(render("band=GREEN&q=acme")).contains("No partner matches");
        assertThat(order(render("band=PURPLE"))).hasSize(4);
    }

    @Test
    void escapesEveryValue() {
        String evil = "<img src=x onerror=alert(1)>\"'&";
        String escaped = "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;";
        OverviewPage.Row r = new OverviewPage.Row(evil, evil, 50, "AMBER", null, NOW, evil + " javascript:x https://ok.example/a",
                null, null, NOW, evil, 2, null);
        String html = OverviewPage.render(List.of(r), List.of(evil), OverviewPage.Query.parse("q=%3Cimg&sort=score"), NOW, NOW, false);
        assertThat(html).doesNotContain("<img").contains("data-partner-id=\"" + escaped + "\"")
                .contains(">" + escaped + "</a>")
                .contains("<td class=\"owner\" data-label=\"Owner\">" + escaped + "</td>")
                .contains("value=\"&lt;img\"")
                .contains("Incomplete: no answer from " + escaped)
                .contains("javascript:x <a href=\"https://ok.example/a\"")
                .contains("href=\"/partners/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%22%27%26\"")
                .contains("2 new alerts");
    }

    @Test
    void storyTimeIsMarked() {
        String html = OverviewPage.render(ROWS, List.of(), OverviewPage.Query.DEFAULT, NOW, NOW, true);
        assertThat(html).contains("id=\"story-time\"").contains("Demo story time.").contains("data-story-time=\"true\"");
    }

    @Test
    void readsTheListingJson() throws Exception {
        var json = Exchange.JSON.readTree("{\"partners\":[{\"partnerId\":\"a\",\"partnerName\":null,\"score\":61,\"band\":\"RED\","
                + "\"previousScore\":null,\"computedAt\":\"2026-08-01T10:00:00Z\",\"reason\":\"r\",\"change7d\":4,"
                + "\"change30d\":null,\"bandSince\":\"2026-07-01T00:00:00Z\",\"owner\":\"Kim\",\"unacknowledgedAlerts\":1,"
                + "\"ourSide\":37},{\"partnerId\":\"b\",\"score\":5,\"band\":\"GREEN\",\"ourSide\":null}],"
                + "\"incomplete\":[\"h:1\"]}");
        OverviewPage.Row r = OverviewPage.rows(json).get(0);
        assertThat(r).isEqualTo(new OverviewPage.Row("a", null, 61, "RED", null, Instant.parse("2026-08-01T10:00:00Z"), "r",
                4, null, Instant.parse("2026-07-01T00:00:00Z"), "Kim", 1, 37));
        assertThat(OverviewPage.rows(json).get(1).ourSide()).isNull();
        assertThat(r.name()).isEqualTo("a");
        assertThat(OverviewPage.incomplete(json)).containsExactly("h:1");
    }
}
