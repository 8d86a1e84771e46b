package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.crawl;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.PageKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiversionTest {

    private final Diversion factor = new Diversion(CFG);

    private static void page(PartnerState s, String url, int day, int status, boolean mentions, List<String> competitors) {
        s.apply(crawl(url, day(day), status, PageKind.BENCHMARK, mentions, true), competitors);
    }

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("diversion");
    }

    @Test
    void noPageMentioningUsIsZero() {
        PartnerState s = state();
        page(s, "https://p.example/a", 0, 200, false, List.of("rival.com (Rival Inc)"));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.evidence()).isEmpty();
        assertThat(r.reason()).isNull();
    }

    @Test
    void shareOfMentioningPagesThatLinkToCompetitors() {
        PartnerState s = state();
        page(s, "https://p.example/a", 0, 200, true, List.of("rival.com (Rival Inc)", "www.other.io (Other)"));
        page(s, "https://p.example/b", 0, 200, true, List.of());
        page(s, "https://p.example/c", 0, 200, true, List.of("rival.com (Rival Inc)"));
        page(s, "https://p.example/d", 0, 200, false, List.of("third.net (Third)")); // does not mention us

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(r.evidence()).containsExactly(
                "https://p.example/a (BENCHMARK, crawled 2024-03-01) mentions us and links to competitors:"
                        + " rival.com (Rival Inc), www.other.io (Other)",
                "https://p.example/c (BENCHMARK, crawled 2024-03-01) mentions us and links to competitors:"
                        + " rival.com (Rival Inc)");
        assertThat(r.reason()).isEqualTo("2 of the 3 pages of the partner's web site that mention us also send"
                + " visitors to our competitors: rival.com (Rival Inc) and www.other.io (Other).");
    }

    @Test
    void singlePageReasonNamesTheUrl() {
        PartnerState s = state();
        page(s, "https://p.example/a", 0, 200, true, List.of("rival.com (Rival Inc)"));

        FactorResult r = factor.evaluate(s, day(1));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo("The partner's page https://p.example/a mentions us and also sends visitors"
                + " to our competitors: rival.com (Rival Inc).");
    }

    @Test
    void goneAndStalePagesDoNotCount() {
        PartnerState s = state();
        page(s, "https://p.example/a", 0, 200, true, List.of("rival.com (Rival Inc)"));
        page(s, "https://p.example/b", 20, 410, true, List.of("rival.com (Rival Inc)"));
        page(s, "https://p.example/c", 20, 200, true, List.of());

        assertThat(factor.evaluate(s, day(30)).value()).isEqualTo(0.5);
        assertThat(factor.evaluate(s, day(30).plusMillis(1)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(30).plusMillis(1)).evidence()).isEmpty();
    }

    @Test
    void recrawlWithoutCompetitorLinksClearsIt() {
        PartnerState s = state();
        page(s, "https://p.example/a", 0, 200, true, List.of("rival.com (Rival Inc)"));
        page(s, "https://p.example/a", 3, 200, true, List.of());

        assertThat(factor.evaluate(s, day(4)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(4)).reason()).isNull();
    }
}
