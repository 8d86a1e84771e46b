package io.partnersignals.crawler;

import static io.partnersignals.crawler.PageClassifierTest.minimalConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class CrawlerSourceConnectorTest {

    private static Map<String, String> threePartners() {
        Map<String, String> props = minimalConfig();
        props.put("partners", "acme,beta,gamma");
        props.put("partner.beta.start.urls", "https://beta.example/");
        props.put("partner.gamma.start.urls", "https://gamma.example/");
        return props;
    }

    @Test
    void splitsThePartnersAcrossTheTasks() {
        CrawlerSourceConnector connector = new CrawlerSourceConnector();
        connector.start(threePartners());

        List<Map<String, String>> two = connector.taskConfigs(2);
        List<Map<String, String>> many = connector.taskConfigs(10);

        assertThat(two).extracting(c -> c.get("partners")).containsExactly("acme,beta", "gamma");
        assertThat(two.get(1)).containsEntry("partner.gamma.start.urls", "https://gamma.example/")
                .containsEntry("us.names", "Scalable Informatics");
        assertThat(many).extracting(c -> c.get("partners")).containsExactly("acme", "beta", "gamma");
        assertThat(connector.taskClass()).isEqualTo(CrawlerSourceTask.class);
        assertThat(connector.version()).isNotBlank();
    }

    @Test
    void validationReportsPerPartnerKeysOnPartners() {
        Map<String, String> props = threePartners();
        props.remove("partner.gamma.start.urls");

        List<ConfigValue> values = new CrawlerSourceConnector().validate(props).configValues();

        ConfigValue partners = values.stream().filter(v -> v.name().equals("partners")).findFirst().orElseThrow();
        assertThat(partners.errorMessages()).singleElement().asString().contains("partner.gamma.start.urls");
        assertThat(new CrawlerSourceConnector().validate(threePartners()).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void theConfigDefDocumentsEveryKey() {
        assertThat(new CrawlerSourceConnector().config().configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).as(key.name).isNotBlank());
        assertThat(new CrawlerSourceConnector().config().names()).contains("topic", "registry.url", "partners", "us.names",
                "us.domains", "max.pages.per.partner", "max.depth", "request.timeout.ms", "max.response.bytes",
                "per.host.min.interval.ms", "refresh.interval.ms", "crawl.interval.ms", "user.agent", "allow.private.addresses",
                "page.kind.partner.directory.path.pattern", "page.kind.product.title.pattern");
    }
}
