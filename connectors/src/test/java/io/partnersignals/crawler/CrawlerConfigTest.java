package io.partnersignals.crawler;

import static io.partnersignals.crawler.PageClassifierTest.minimalConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.registry.RegistrySettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class CrawlerConfigTest {

    @Test
    void defaults() {
        CrawlerConfig config = new CrawlerConfig(minimalConfig());

        assertThat(config.topic()).isEqualTo("web.crawl");
        assertThat(config.maxPages()).isEqualTo(200);
        assertThat(config.maxDepth()).isEqualTo(3);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxResponseBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.hostInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.crawlInterval()).isEqualTo(Duration.ofHours(6));
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofDays(7));
        assertThat(config.userAgent()).isEqualTo("partner-signals-crawler/1.0");
        assertThat(config.allowPrivateAddresses()).isFalse();
        assertThat(config.autoRegister()).isTrue();
        assertThat(config.registrySettings()).isEqualTo(RegistrySettings.of("http://registry.invalid:8081"));
    }

    @Test
    void partnersWithTheirStartUrlsAndDomains() {
        Map<String, String> props = minimalConfig();
        props.put("partners", "acme, beta");
        props.put("partner.acme.start.urls", "https://www.acme.example/, https://shop.acme.example/en/");
        props.put("partner.beta.start.urls", "https://beta.example/partners");
        props.put("partner.beta.domains", "beta.example, beta-cdn.example");

        CrawlerConfig config = new CrawlerConfig(props);

        assertThat(config.partners()).hasSize(2);
        CrawlerConfig.PartnerSite acme = config.partners().get(0);
        assertThat(acme.id()).isEqualTo("acme");
        assertThat(acme.startUrls()).extracting(Object::toString)
                .containsExactly("https://www.acme.example/", "https://shop.acme.example/en/");
        assertThat(acme.domains().domains()).containsExactlyInAnyOrder("acme.example", "shop.acme.example");
        assertThat(config.partners().get(1).domains().domains()).containsExactlyInAnyOrder("beta.example", "beta-cdn.example");
    }

    @Test
    void registryAuthAndItsSecretsStayHidden() {
        Map<String, String> props = minimalConfig();
        props.put("registry.url", "http://apicurio:8080/apis/ccompat/v7/");
        props.put("registry.bearer.token", "s3cret");

        CrawlerConfig config = new CrawlerConfig(props);

        assertThat(config.registrySettings().url()).isEqualTo("http://apicurio:8080/apis/ccompat/v7");
        assertThat(config.registrySettings().bearerToken()).isEqualTo("s3cret");
        assertThat(config.registrySettings().toString()).doesNotContain("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");

        props.put("registry.basic.auth.user.info", "user:pw");
        assertThatThrownBy(() -> new CrawlerConfig(props)).isInstanceOf(ConfigException.class).hasMessageContaining("not both");
    }

    @Test
    void errorsNameTheKey() {
        assertRejected("partners", "", "partners");
        assertRejected("partners", "acme, acme", "named twice");
        assertRejected("partners", "a/b", "may only have");
        assertRejected("partner.acme.start.urls", "", "partner.acme.start.urls");
        assertRejected("partner.acme.start.urls", "ftp://acme.example/", "not an absolute http(s) URL");
        assertRejected("partner.acme.domains", "other.example", "not within the partner's domains");
        assertRejected("registry.url", "registry:8081", "registry.url");
        assertRejected("us.names", "", "us.names");
        assertRejected("max.depth", "-1", "max.depth");
        assertRejected("max.pages.per.partner", "0", "max.pages.per.partner");
        assertRejected("page.kind.press.title.pattern", "(unclosed", "page.kind.press.title.pattern");
        assertRejected("user.agent", "bot\r\nX-Evil: 1", "user.agent");
    }

    private static void assertRejected(String key, String value, String message) {
        Map<String, String> props = minimalConfig();
        props.put(key, value);
        assertThatThrownBy(() -> new CrawlerConfig(props)).as(key + "=" + value)
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
