package io.partnersignals.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.model.RiskModelConfig;
import io.partnersignals.topology.TopicNames;
import io.partnersignals.topology.TopologySettings;
import io.partnersignals.topology.TopologySettings.StateStorage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.junit.jupiter.api.Test;

/** The declaration of every setting, and the settings objects read from it. */
class ConfigDeclarationTest {

    /** Every key and default the application had before the declaration, as they were written. */
    private static final Map<String, String> KEYS_AND_DEFAULTS_BEFORE = pairs(
            "model.version", "",
            "model.weight.sponsorship", "0.15",
            "model.weight.responsiveness", "0.15",
            "model.weight.reciprocity", "0.15",
            "model.weight.attribution", "0.1",
            "model.weight.diversion", "0.15",
            "model.weight.pricingExclusion", "0.1",
            "model.weight.marginErosion", "0.1",
            "model.weight.harmfulAsk", "0.1",
            "model.weight.dealFlow", "0.1",
            "model.threshold.amber", "35",
            "model.threshold.red", "60",
            "model.alert-margin", "3",
            "model.lateness", "1d",
            "model.sponsorship.downgrade-window", "90d",
            "model.sponsorship.downgrade-penalty", "0.2",
            "model.responsiveness.grace", "7d",
            "model.responsiveness.full", "60d",
            "model.responsiveness.max-open-requests", "100",
            "model.reciprocity.window", "90d",
            "model.attribution.page-stale-after", "30d",
            "model.attribution.max-pages", "1000",
            "model.margin.window", "30d",
            "model.margin.target", "0.2",
            "model.pricing.full-discount", "0.2",
            "model.pricing.max-promotion-duration", "180d",
            "model.pricing.max-promotions", "200",
            "model.harmful-ask.join-window", "14d",
            "model.harmful-ask.duration", "90d",
            "model.deal-flow.window", "90d",
            "model.our-responsiveness.grace", "7d",
            "model.our-responsiveness.full", "60d",
            "model.our-responsiveness.max-open-requests", "100",
            "model.competitor-approach.window", "90d",
            "model.deterioration.points", "15",
            "model.deterioration.window", "30d",
            "model.deterioration.quiet-period", "30d",
            "scoring.max-future-skew", "1d",
            "scoring.scan-interval", "1h",
            "scoring.ramp-step", "1d",
            "scoring.idle-advance", "true",
            "scoring.idle-advance-interval", "30s",
            "scoring.state-cache-size", "1000",
            "scoring.publish-interval", "",
            "scoring.catch-up-publish-interval", "5s",
            "history.retention", "180d",
            "topic.partners", "partners",
            "topic.competitors", "competitors",
            "topic.crm-activity", "crm.activity",
            "topic.web-crawl", "web.crawl",
            "topic.pricing-events", "pricing.events",
            "topic.partner-risk", "partner.risk",
            "topic.alerts", "partner.risk.alerts",
            "topic.history", "partner.risk.history",
            "topic.dead-letters", "partner-signals.dlq",
            "topic.notes", "partner.notes",
            "topic.model", "partner-signals.model",
            "topic.model-accepted", "partner-signals.model.accepted",
            "http.story-time", "false",
            "application.id", "partner-signals",
            "kafka.bootstrap.servers", "localhost:9092",
            "registry.url", "http://localhost:8080/apis/ccompat/v7",
            "registry.basic-auth-user-info", "",
            "registry.bearer-token", "",
            "registry.connect-timeout", "2s",
            "registry.request-timeout", "3s",
            "registry.retry.timeout", "",
            "registry.retry.backoff-initial", "200ms",
            "registry.retry.backoff-max", "10s",
            "registry.ssl.truststore.location", "",
            "registry.ssl.truststore.password", "",
            "registry.ssl.truststore.type", "PKCS12",
            "topics.create", "true",
            "topics.partitions", "6",
            "topics.replication-factor", "-1",
            "http.host", "0.0.0.0",
            "http.port", "8088",
            "http.advertised-host", "",
            "http.token", "",
            "http.next-token", "",
            "http.idle-timeout", "10s",
            "http.max-concurrent-requests", "16",
            "http.max-queued-requests", "256",
            "http.login.max-failures", "5",
            "http.login.window", "1m",
            "http.tls.keystore", "",
            "http.tls.keystore-password", "",
            "http.tls.truststore", "",
            "http.tls.truststore-password", "",
            "rocksdb.memory", "256m",
            "rocksdb.write-buffer-share", "0.5",
            "state.dir", "",
            "dead-letters.max-bytes", "1000000",
            "runtime.max-thread-replacements", "3",
            "runtime.thread-replacement-window", "10m",
            "health.stall-timeout", "60s",
            "state.min-free-space", "256m",
            "shutdown.timeout", "30s",
            "shutdown.leave-group", "true"
    );

    @Test
    void theWeightKeysAreTheModelsFactorsInItsOrder() {
        List<String> weights = ConfigDeclaration.DEFINITION.names().stream()
                .filter(k -> k.startsWith("model.weight.")).map(k -> k.substring("model.weight.".length())).toList();
        assertThat(weights).containsExactlyElementsOf(RiskModelConfig.FACTOR_NAMES);
    }

    @Test
    void everyKeyIsDocumentedInAGroupWithItsImportance() {
        for (ConfigKey key : ConfigDeclaration.DEFINITION.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank().endsWith(".");
            assertThat(ConfigDeclaration.GROUPS).as(key.name).containsKey(key.group);
            assertThat(key.importance).as(key.name).isNotNull();
            assertThat(key.hasDefault()).as(key.name + " has a default").isTrue();
        }
    }

    @Test
    void everyKeyAndDefaultOfBeforeIsKept() {
        Map<String, String> now = new LinkedHashMap<>();
        ConfigDeclaration.DEFINITION.configKeys().values().forEach(k -> now.put(k.name, ConfigValues.defaultText(k)));
        assertThat(now).isEqualTo(KEYS_AND_DEFAULTS_BEFORE);
    }

    @Test
    void theDefaultsPassTheirChecksAndAreTyped() {
        ConfigValues defaults = ConfigValues.defaults();
        assertThat(defaults.duration("model.lateness")).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.duration("registry.retry.backoff-initial")).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.duration("scoring.publish-interval")).isNull(); // empty: the commit interval
        assertThat(defaults.bytes("rocksdb.memory")).isEqualTo(256L << 20);
        assertThat(defaults.integer("http.port")).isEqualTo(8088);
        assertThat(defaults.bool("topics.create")).isTrue();
        assertThat(defaults.string("http.token")).isEmpty();
        assertThat(defaults.given()).isEmpty();
    }

    @Test
    void riskModelDefaultsAreModelV2AsItWasWrittenOut() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put(RiskModelConfig.SPONSORSHIP, 0.15);
        w.put(RiskModelConfig.RESPONSIVENESS, 0.15);
        w.put(RiskModelConfig.RECIPROCITY, 0.15);
        w.put(RiskModelConfig.ATTRIBUTION, 0.10);
        w.put(RiskModelConfig.DIVERSION, 0.15);
        w.put(RiskModelConfig.PRICING_EXCLUSION, 0.10);
        w.put(RiskModelConfig.MARGIN_EROSION, 0.10);
        w.put(RiskModelConfig.HARMFUL_ASK, 0.10);
        w.put(RiskModelConfig.DEAL_FLOW, 0.10);
        RiskModelConfig before = new RiskModelConfig("v2", w, 35, 60, 3,
                Duration.ofDays(1),
                Duration.ofDays(90), 0.2,
                Duration.ofDays(7), Duration.ofDays(60), 100,
                Duration.ofDays(90),
                Duration.ofDays(30),
                Duration.ofDays(30), 0.20,
                0.20,
                Duration.ofDays(180),
                Duration.ofDays(14), Duration.ofDays(90),
                1_000, 200,
                Duration.ofDays(90),
                Duration.ofDays(7), Duration.ofDays(60), 100,
                Duration.ofDays(90),
                15, Duration.ofDays(30), Duration.ofDays(30));
        assertThat(RiskModelConfig.defaults()).isEqualTo(before);
        assertThat(new TopologySettings(new TopicNames("partners", "competitors", "crm.activity", "web.crawl",
                "pricing.events", "partner.risk", "partner.risk.alerts", "partner.risk.history", "partner-signals.dlq",
                "partner.notes"),
                before, Duration.ofDays(1), Duration.ofHours(1), Duration.ofDays(1), true, Duration.ofSeconds(30),
                StateStorage.ROCKSDB, 1_000, Duration.ZERO, Duration.ZERO, Duration.ofDays(180))).isEqualTo(TopologySettings.defaults());
    }

    @Test
    void anotherModelIsNamedByTheSameHashAsBefore() {
        // other settings are named by a hash of all of them, the same in every run and on every instance
        RiskModelConfig model = RiskModelConfig.from(ConfigValues.of(Map.of("model.weight.sponsorship", "0.3",
                "model.lateness", "12h")));
        assertThat(model.modelVersion()).matches(RiskModelConfig.BASE_VERSION + "\\+[0-9a-f]{8}")
                .isEqualTo(RiskModelConfig.from(ConfigValues.of(model.settings())).modelVersion());
        assertThat(RiskModelConfig.from(ConfigValues.of(Map.of("model.weight.sponsorship", "0.31",
                "model.lateness", "12h"))).modelVersion()).isNotEqualTo(model.modelVersion());
        assertThat(RiskModelConfig.from(ConfigValues.of(Map.of("model.version", "mine", "model.lateness", "12h")))
                .modelVersion()).isEqualTo("mine");
    }

    @Test
    void copiesGoThroughTheDeclarationAndKeepEverythingElse() {
        RiskModelConfig v1 = RiskModelConfig.defaults();
        assertThat(RiskModelConfig.from(ConfigValues.of(v1.settings()))).isEqualTo(v1);
        RiskModelConfig heavier = v1.withWeights(Map.of(RiskModelConfig.HARMFUL_ASK, 0.5));
        assertThat(heavier.weight(RiskModelConfig.HARMFUL_ASK)).isEqualTo(0.5);
        assertThat(heavier.withWeights(Map.of(RiskModelConfig.HARMFUL_ASK, 0.10))).isEqualTo(v1);
        assertThat(v1.withLimits(2, 3, 4)).extracting(RiskModelConfig::maxOpenRequests, RiskModelConfig::maxPages,
                RiskModelConfig::maxPromotions).containsExactly(2, 3, 4);

        TopologySettings s = TopologySettings.defaults();
        TopologySettings changed = s.withPublishInterval(Duration.ofMillis(1500)).withCatchUpPublishInterval(Duration.ofSeconds(5))
                .withStateCacheSize(7).withIdleAdvance(false).withStateStorage(StateStorage.EPHEMERAL)
                .withModel(heavier);
        assertThat(changed.publishInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(changed.catchUpPublishInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(changed.stateCacheSize()).isEqualTo(7);
        assertThat(changed.idleAdvance()).isFalse();
        assertThat(changed.stateStorage()).isEqualTo(StateStorage.EPHEMERAL);
        assertThat(changed.model()).isEqualTo(heavier);
        assertThat(changed.topics()).isEqualTo(s.topics());
        assertThat(changed.scanInterval()).isEqualTo(s.scanInterval());
        assertThat(TopologySettings.from(ConfigValues.of(changed.settings()), StateStorage.EPHEMERAL)).isEqualTo(changed);
    }

    @Test
    void theSettingsObjectsWriteBackEveryKeyTheyRead() {
        // what settings() leaves out, a copy made through the declaration would reset to its default
        List<String> names = List.copyOf(ConfigDeclaration.DEFINITION.names());
        assertThat(RiskModelConfig.defaults().settings().keySet())
                .containsExactlyInAnyOrderElementsOf(names.stream().filter(k -> k.startsWith("model.")).toList());
        assertThat(TopicNames.defaults().settings().keySet())
                .containsExactlyInAnyOrderElementsOf(names.stream().filter(k -> k.startsWith("topic.")).toList());
        assertThat(TopologySettings.defaults().settings().keySet()).containsExactlyInAnyOrderElementsOf(names.stream()
                .filter(k -> k.startsWith("model.") || k.startsWith("topic.") || k.startsWith("scoring.")
                        || k.startsWith("history.")).toList());
    }

    @Test
    void aBadValueNamesTheKeyTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> ConfigValues.of(Map.of("model.lateness", "soon", "http.port", "x", "model.margin.target", "1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.lateness = 'soon' (from the code) is not a duration; write it like 90d")
                .hasMessageContaining("http.port = 'x' (from the code) is not a whole number")
                .hasMessageContaining("model.margin.target = '1.5' (from the code) must be in (0.0, 1.0)");
        assertThatThrownBy(() -> RiskModelConfig.defaults().withWeights(Map.of(RiskModelConfig.HARMFUL_ASK, -1.0)))
                .hasMessageContaining("model.weight.harmfulAsk = '-1.0'").hasMessageContaining("0.0 or more");
        assertThatThrownBy(() -> RiskModelConfig.defaults().withWeights(Map.of("luck", 1.0)))
                .hasMessageContaining("unknown factor 'luck'");
        assertThatThrownBy(() -> ConfigValues.of(Map.of("scoring.scan-interval", "0s")))
                .hasMessageContaining("scoring.scan-interval = '0s'").hasMessageContaining("more than 0");
    }

    @Test
    void durationsAreWrittenInTheirShortestFormAndReadBack() {
        for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofSeconds(90),
                Duration.ofMinutes(10), Duration.ofHours(36), Duration.ofDays(180), Duration.ofNanos(1), Duration.ofSeconds(-1))) {
            assertThat(Durations.parse(Durations.format(d))).as(d.toString()).isEqualTo(d);
        }
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    }

    private static Map<String, String> pairs(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
