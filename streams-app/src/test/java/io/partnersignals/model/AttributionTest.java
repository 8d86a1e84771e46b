package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.crawl;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.PageKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionTest {

    private final Attribution factor = new Attribution(CFG);

    private static void page(PartnerState s, String url, int day, int status, PageKind kind, boolean mentions, boolean links) {
        s.apply(crawl(url, day(day), status, kind, mentions, links), List.of());
    }

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("attribution");
    }

    @Test
    void noPagesIsZero() {
        FactorResult r = factor.evaluate(state(), T0);

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.evidence()).isEmpty();
        assertThat(r.reason()).isNull();
    }

    @Test
    void pagesThatNeitherMentionUsNorAreDirectoriesDoNotCount() {
        PartnerState s = state();
        page(s, "https://p.example/about", 0, 200, PageKind.GENERAL, false, false);
        page(s, "https://p.example/bench", 0, 200, PageKind.BENCHMARK, false, true);

        assertThat(factor.evaluate(s, day(1)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(1)).evidence()).isEmpty();
    }

    @Test
    void shareOfPagesThatGiveNoCredit() {
        PartnerState s = state();
        page(s, "https://p.example/bench", 0, 200, PageKind.BENCHMARK, true, false);       // offending
        page(s, "https://p.example/press", 0, 200, PageKind.PRESS, true, true);            // fine
        page(s, "https://p.example/partners", 1, 200, PageKind.PARTNER_DIRECTORY, false, false); // offending
        page(s, "https://p.example/resellers", 1, 200, PageKind.PARTNER_DIRECTORY, true, true); // fine
        page(s, "https://p.example/about", 1, 200, PageKind.GENERAL, false, false);        // not counted

        FactorResult r = factor.evaluate(s, day(2));

        assertThat(r.value()).isEqualTo(0.5);
        assertThat(r.evidence()).containsExactly(
                "https://p.example/bench (BENCHMARK, crawled 2024-03-01): mentions us but does not link to us",
                "https://p.example/partners (PARTNER_DIRECTORY, crawled 2024-03-02): the partner directory leaves us out");
        assertThat(r.reason()).isEqualTo("The partner's web site gives us no credit on 2 of its 4 pages that mention us"
                + " or list its partners: 1 mentions us without linking to us and 1 partner directory leaves us out.");
    }

    @Test
    void directoryThatMentionsUsWithoutLinkCountsOnce() {
        PartnerState s = state();
        page(s, "https://p.example/partners", 0, 200, PageKind.PARTNER_DIRECTORY, true, false);
        page(s, "https://p.example/press", 0, 200, PageKind.PRESS, true, true);

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(0.5);
        assertThat(r.evidence()).containsExactly(
                "https://p.example/partners (PARTNER_DIRECTORY, crawled 2024-03-01): mentions us but does not link to us");
    }

    @Test
    void singleOffendingPageReasonNamesTheUrl() {
        PartnerState s = state();
        page(s, "https://p.example/bench", 0, 200, PageKind.BENCHMARK, true, false);

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo(
                "The partner's web site gives us no credit: its page https://p.example/bench mentions us without linking to us.");

        PartnerState d = state();
        page(d, "https://p.example/partners", 0, 200, PageKind.PARTNER_DIRECTORY, false, false);
        assertThat(factor.evaluate(d, day(1)).reason()).isEqualTo(
                "The partner's web site gives us no credit: its partner directory https://p.example/partners leaves us out.");
    }

    @Test
    void severalOfOneKindUsePlural() {
        PartnerState s = state();
        page(s, "https://p.example/a", 0, 200, PageKind.BENCHMARK, true, false);
        page(s, "https://p.example/b", 0, 200, PageKind.PRESS, true, false);
        page(s, "https://p.example/c", 0, 200, PageKind.PRESS, true, true);

        assertThat(factor.evaluate(s, day(1)).reason()).isEqualTo("The partner's web site gives us no credit on 2 of"
                + " its 3 pages that mention us or list its partners: 2 mention us without linking to us.");
    }

    @Test
    void stalePagesDropOutAfterThirtyDays() {
        PartnerState s = state();
        page(s, "https://p.example/bench", 0, 200, PageKind.BENCHMARK, true, false);
        page(s, "https://p.example/press", 10, 200, PageKind.PRESS, true, true);

        // fetchedAt >= now - 30d: the bench page is still live at exactly 30 days
        assertThat(factor.evaluate(s, day(30)).value()).isEqualTo(0.5);
        // 1 ms later it has dropped out, leaving only the page that credits us
        assertThat(factor.evaluate(s, day(30).plusMillis(1)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(30).plusMillis(1)).evidence()).isEmpty();
    }

    @Test
    void goneAndMissingPagesDropOut() {
        PartnerState s = state();
        page(s, "https://p.example/a", 0, 404, PageKind.BENCHMARK, true, false);
        page(s, "https://p.example/b", 0, 410, PageKind.PARTNER_DIRECTORY, false, false);
        page(s, "https://p.example/c", 0, 500, PageKind.PRESS, true, false);
        page(s, "https://p.example/d", 0, 200, PageKind.PRESS, true, true);

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(0.5);
        assertThat(r.evidence()).containsExactly(
                "https://p.example/c (PRESS, crawled 2024-03-01): mentions us but does not link to us");
    }

    @Test
    void latestCrawlOfAUrlDecides() {
        PartnerState s = state();
        page(s, "https://p.example/bench", 5, 200, PageKind.BENCHMARK, true, true);
        page(s, "https://p.example/bench", 0, 200, PageKind.BENCHMARK, true, false); // older, ignored

        assertThat(factor.evaluate(s, day(6)).value()).isEqualTo(0.0);

        page(s, "https://p.example/bench", 8, 404, PageKind.BENCHMARK, true, false);
        page(s, "https://p.example/partners", 8, 200, PageKind.PARTNER_DIRECTORY, false, false);
        assertThat(factor.evaluate(s, day(9)).value()).isEqualTo(1.0);
    }
}
