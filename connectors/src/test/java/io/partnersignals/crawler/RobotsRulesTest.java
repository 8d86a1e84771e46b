package io.partnersignals.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RobotsRulesTest {

    private static final String UA = "partner-signals-crawler/1.0 (+mailto:crawler@scalableinformatics.com)";

    @Test
    void theStarGroupAppliesWhenNoGroupNamesUs() {
        RobotsRules rules = RobotsRules.parse("""
                User-agent: *
                Disallow: /private/
                Allow: /private/open.html

                User-agent: otherbot
                Disallow: /
                """, UA);

        assertThat(rules.allows("/")).isTrue();
        assertThat(rules.allows("/private/secret.html")).isFalse();
        assertThat(rules.allows("/private/open.html")).isTrue();
        assertThat(rules.allows("/privateer")).isTrue();
    }

    @Test
    void aGroupNamingOurProductTokenReplacesTheStarGroup() {
        String robots = """
                User-agent: *
                Disallow: /

                # ours, matched case-insensitively
                User-Agent: Partner-Signals-Crawler
                Disallow: /news/
                """;

        RobotsRules ours = RobotsRules.parse(robots, UA);
        RobotsRules someoneElse = RobotsRules.parse(robots, "otherbot/2.0");

        assertThat(ours.allows("/partners")).isTrue();
        assertThat(ours.allows("/news/a.html")).isFalse();
        assertThat(someoneElse.allows("/partners")).isFalse();
    }

    @Test
    void aGroupNamingUsWithoutRulesAllowsEverything() {
        RobotsRules rules = RobotsRules.parse("""
                User-agent: *
                Disallow: /

                User-agent: partner-signals-crawler
                Disallow:
                """, UA);

        assertThat(rules.allows("/anything")).isTrue();
    }

    @Test
    void groupsWithSeveralAgentsAndRepeatedGroupsAreMergedAndAgentsMatchWhole() {
        RobotsRules rules = RobotsRules.parse("""
                User-agent: a
                User-agent: partner-signals-crawler
                Disallow: /a/
                Sitemap: https://x.example/sitemap.xml

                User-agent: partner-signals-crawler
                Disallow: /b/

                User-agent: partner
                Disallow: /c/
                """, UA);

        assertThat(rules.allows("/a/x")).isFalse();
        assertThat(rules.allows("/b/x")).isFalse();
        assertThat(rules.allows("/c/x")).isTrue();
    }

    @Test
    void theLongestMatchWinsAndAllowWinsATie() {
        RobotsRules rules = RobotsRules.parse("""
                User-agent: *
                Disallow: /shop
                Allow: /shop/public
                Disallow: /docs
                Allow: /docs
                """, UA);

        assertThat(rules.allows("/shop/cart")).isFalse();
        assertThat(rules.allows("/shop/public/list")).isTrue();
        assertThat(rules.allows("/docs/x")).isTrue();
    }

    @Test
    void wildcardsAndEndAnchors() {
        RobotsRules rules = RobotsRules.parse("""
                User-agent: *
                Disallow: /*.pdf$
                Disallow: /*?session=
                Disallow: /files/*/raw
                """, UA);

        assertThat(rules.allows("/docs/manual.pdf")).isFalse();
        assertThat(rules.allows("/docs/manual.pdf?download=1")).isTrue();
        assertThat(rules.allows("/page?session=42")).isFalse();
        assertThat(rules.allows("/files/7/raw/x")).isFalse();
        assertThat(rules.allows("/files/raw")).isTrue();
    }

    @Test
    void emptyOrUnreadableFiles() {
        assertThat(RobotsRules.parse("", UA).allows("/x")).isTrue();
        assertThat(RobotsRules.parse("<html>not robots</html>", UA).allows("/x")).isTrue();
        assertThat(RobotsRules.ALLOW_ALL.allows("/x")).isTrue();
        assertThat(RobotsRules.DISALLOW_ALL.allows("/")).isFalse();
    }

    @Test
    void theProductTokenIsTheUserAgentUpToTheVersion() {
        assertThat(RobotsRules.productToken(UA)).isEqualTo("partner-signals-crawler");
        assertThat(RobotsRules.productToken("Bot")).isEqualTo("bot");
    }
}
