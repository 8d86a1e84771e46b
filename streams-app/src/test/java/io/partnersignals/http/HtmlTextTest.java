package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Escaping, links only for http(s), and numbers and times written for people. */
class HtmlTextTest {

    @Test
    void escapesEveryCharacterThatMeansSomethingInHtml() {
        assertThat(HtmlText.escape("<b a=\"1\" b='2'>&</b>"))
                .isEqualTo("&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;&lt;/b&gt;");
        assertThat(HtmlText.escape(null)).isEmpty();
    }

    @Test
    void linksOnlyHttpAndHttpsUrlsAndLeavesSentencePunctuationOut() {
        assertThat(HtmlText.linked("See https://p.example/bench.", null)).isEqualTo(
                "See <a href=\"https://p.example/bench\" rel=\"noopener noreferrer nofollow\">https://p.example/bench</a>.");
        assertThat(HtmlText.linked("javascript:alert(1) and data:text/html,<x> and ftp://f.example", null))
                .doesNotContain("<a").contains("&lt;x&gt;");
        // a URL cannot break out of its attribute: quotes end the URL, and the rest is text
        assertThat(HtmlText.linked("http://a.example/\"onmouseover=\"x", "evidence-link"))
                .startsWith("<a class=\"evidence-link\" href=\"http://a.example/\"")
                .contains("&quot;onmouseover=&quot;x");
        assertThat(HtmlText.linked("(see http://a.example/x?a=1&b=2)", null))
                .contains("href=\"http://a.example/x?a=1&amp;b=2\"").endsWith("</a>)");
    }

    @Test
    void evidenceDatesAreWrittenForPeopleAndUrlsStayIntact() {
        assertThat(HtmlText.evidence("Downgrade from GOLD to SILVER on 2026-08-27"))
                .isEqualTo("Downgrade from GOLD to SILVER on <time datetime=\"2026-08-27\">27 Aug 2026</time>");
        assertThat(HtmlText.evidence("https://p.example/2026-08-01/news (crawled 2026-08-02)"))
                .contains("href=\"https://p.example/2026-08-01/news\"").contains(">https://p.example/2026-08-01/news</a>")
                .contains("<time datetime=\"2026-08-02\">2 Aug 2026</time>");
        assertThat(HtmlText.evidence("request r-1 open for 33 days")).isEqualTo("request r-1 open for 33 days");
    }

    @Test
    void numbersHaveNoFloatingPointNoise() {
        assertThat(Humane.decimal(15.000000000000002, 1)).isEqualTo("15");
        assertThat(Humane.decimal(7.5, 1)).isEqualTo("7.5");
        assertThat(Humane.decimal(0.15000000000000002, 2)).isEqualTo("0.15");
        assertThat(Humane.decimal(0.0, 2)).isEqualTo("0");
        assertThat(Humane.decimal(-2.25, 1)).isEqualTo("\u22122.3");
        assertThat(Humane.percent(0.5)).isEqualTo("50%");
        assertThat(Humane.percent(0.3333333)).isEqualTo("33.3%");
        assertThat(Humane.change(5)).isEqualTo("+5");
        assertThat(Humane.change(-3)).isEqualTo("\u22123");
        assertThat(Humane.change(0)).isEqualTo("0");
        assertThat(Humane.change(null)).isEqualTo("\u2013");
        assertThat(Humane.changeWords(-3, "7 days")).isEqualTo("down 3 since 7 days ago");
    }

    @Test
    void timesAreDatesAndSpansNotIsoWithMillis() {
        Instant at = Instant.parse("2026-08-27T14:03:07.123Z");
        assertThat(Humane.date(at)).isEqualTo("27 Aug 2026");
        assertThat(Humane.dateTime(at)).isEqualTo("27 Aug 2026, 14:03 UTC");
        assertThat(Humane.time(at)).isEqualTo(
                "<time datetime=\"2026-08-27T14:03:07Z\" title=\"27 Aug 2026, 14:03 UTC\">27 Aug 2026</time>");
        assertThat(Humane.span(Duration.ofSeconds(30))).isEqualTo("under a minute");
        assertThat(Humane.span(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(Humane.span(Duration.ofHours(5))).isEqualTo("5 hours");
        assertThat(Humane.span(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(Humane.span(Duration.ofDays(35))).isEqualTo("5 weeks");
        assertThat(Humane.span(Duration.ofDays(120))).isEqualTo("4 months");
        assertThat(Humane.span(Duration.ofDays(800))).isEqualTo("2 years");
        assertThat(Humane.span(Duration.ofDays(-1))).isEqualTo("under a minute");
        assertThat(Humane.ago(at, at.plus(Duration.ofDays(3)))).isEqualTo("3 days ago");
    }

    @Test
    void partnerIdsArePathSegments() {
        assertThat(Layout.partnerHref("acme")).isEqualTo("/partners/acme");
        assertThat(Layout.partnerHref("a/b c\"<")).isEqualTo("/partners/a%2Fb%20c%22%3C");
        assertThat(Layout.partnerHref("Zürich")).isEqualTo("/partners/Z%C3%BCrich");
    }
}
