package io.partnersignals.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.PageKind;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PageClassifierTest {

    static Map<String, String> minimalConfig() {
        Map<String, String> props = new HashMap<>();
        props.put("registry.url", "http://registry.invalid:8081");
        props.put("partners", "acme");
        props.put("partner.acme.start.urls", "https://www.acme.example/");
        props.put("us.names", "Scalable Informatics");
        props.put("us.domains", "scalableinformatics.com");
        return props;
    }

    private final PageClassifier defaults = new CrawlerConfig(minimalConfig()).classifier();

    @ParameterizedTest(name = "{0} \"{1}\" is {2}")
    @CsvSource({
        "/en/partners, , PARTNER_DIRECTORY",
        "/partner-program/list.html, , PARTNER_DIRECTORY",
        "/find-a-partner, , PARTNER_DIRECTORY",
        "/benchmarks/scalable-informatics-results, , BENCHMARK",
        "/blog/storage-benchmarks, , BENCHMARK",
        "/en/news/university-cluster, , PRESS",
        "/case-studies/media-cluster, , PRESS",
        "/press-releases/2026.html, , PRESS",
        "/solutions/hpc-storage, , PRODUCT",
        "/products/accelerator, , PRODUCT",
        "/promotions/summer-sale, , GENERAL",
        "/blog/old-announcement, , GENERAL",
        "/newsletter, , GENERAL",
        "/, Our Partners, PARTNER_DIRECTORY",
        "/page?id=7, Benchmark: 8 nodes, BENCHMARK",
        "/p/9, Press release: a new cluster, PRESS",
        "/x, Product datasheet, PRODUCT",
        "/x, About us, GENERAL",
        "/products/y, Our partners, PRODUCT"})
    void classifiesByPathFirstThenByTitle(String path, String title, PageKind kind) {
        assertThat(defaults.classify(URI.create("https://www.acme.example" + path), title)).isEqualTo(kind);
    }

    @Test
    void patternsAreConfigurableAndAnEmptyOneIsNotUsed() {
        Map<String, String> props = minimalConfig();
        props.put("page.kind.benchmark.path.pattern", "(?i)/leistung/");
        props.put("page.kind.press.path.pattern", "");
        props.put("page.kind.press.title.pattern", "");
        PageClassifier classifier = new CrawlerConfig(props).classifier();

        assertThat(classifier.classify(URI.create("https://acme.example/leistung/a"), null)).isEqualTo(PageKind.BENCHMARK);
        assertThat(classifier.classify(URI.create("https://acme.example/news/a"), "Press release")).isEqualTo(PageKind.GENERAL);
        assertThat(classifier.classify(URI.create("https://acme.example/partners"), null)).isEqualTo(PageKind.PARTNER_DIRECTORY);
    }
}
