package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.model.RiskModelConfig;
import io.partnersignals.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @Test
    void theDefaultsAreModelV1() {
        TopologySettings s = AppConfig.load(null, Map.of(), Map.of()).topologySettings();
        assertThat(s.model()).isEqualTo(RiskModelConfig.defaults());
        assertThat(s.model().modelVersion()).isEqualTo("v2");
        assertThat(s.topics().crmActivity()).isEqualTo("crm.activity");
    }

    @Test
    void aHistoryRetentionNotLongerThanTheDeteriorationWindowPlusADayStopsStartUp() {
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("history.retention", "31d")).topologySettings())
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("history.retention (31d)")
                .hasMessageContaining("model.deterioration.window (30d)")
                .hasMessageContaining("set history.retention to more than 31d");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("history.retention", "40d",
                "model.deterioration.window", "39d")).topologySettings())
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("model.deterioration.window (39d)");
        assertThat(AppConfig.load(null, Map.of(), Map.of("history.retention", "31d",
                "model.deterioration.window", "29d")).topologySettings().historyRetention()).isEqualTo(Duration.ofDays(31));
        assertThat(AppConfig.load(null, Map.of(), Map.of("history.retention", "745h")).topologySettings()
                .historyRetention()).isEqualTo(Duration.ofHours(745));
    }

    @Test
    void aHistoryRetentionShorterThanTheQuietPeriodStopsStartUp() {
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("history.retention", "40d",
                "model.deterioration.quiet-period", "60d")).topologySettings())
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("history.retention (40d)")
                .hasMessageContaining("model.deterioration.quiet-period (60d)");
    }

    @Test
    void fileThenEnvironmentThenFlagsEachWin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "model.weight.sponsorship=0.3\nmodel.alert-margin=4\nmodel.lateness=2d\n");
        Map<String, String> env = Map.of("PARTNER_SIGNALS_MODEL_ALERT_MARGIN", "5",
                "PARTNER_SIGNALS_MODEL_LATENESS", "PT36H");
        AppConfig c = AppConfig.load(file, env, Map.of("model.lateness", "12h"));
        TopologySettings s = c.topologySettings();
        assertThat(s.model().weight("sponsorship")).isEqualTo(0.3);   // file
        assertThat(s.model().alertMargin()).isEqualTo(5);              // environment over file
        assertThat(s.model().lateness()).isEqualTo(Duration.ofHours(12)); // flag over environment
        assertThat(s.model().modelVersion()).startsWith("v2+").isNotEqualTo("v2");
    }

    @Test
    void anyKafkaPropertyPassesThroughFromEveryLayer() {
        AppConfig c = AppConfig.load(null, Map.of("PARTNER_SIGNALS_KAFKA_SECURITY_PROTOCOL", "SSL",
                "PARTNER_SIGNALS_KAFKA_BOOTSTRAP_SERVERS", "k1:9092"), Map.of("kafka.linger.ms", "20"));
        assertThat(c.kafkaProperties()).containsEntry("security.protocol", "SSL")
                .containsEntry("bootstrap.servers", "k1:9092").containsEntry("linger.ms", "20");
    }

    @Test
    void anySettingCanComeFromAFileNamedInTheEnvironment(@TempDir Path dir) throws IOException {
        Path jaas = dir.resolve("jaas");
        Files.writeString(jaas, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\"pw\";\n");
        Path userInfo = dir.resolve("registry-user");
        Files.writeString(userInfo, "app:registry-pw\n");
        AppConfig c = AppConfig.load(null, Map.of(
                "PARTNER_SIGNALS_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
                "PARTNER_SIGNALS_REGISTRY_BASIC_AUTH_USER_INFO_FILE", userInfo.toString(),
                // a Kafka property whose own name ends in .file stays a plain value
                "PARTNER_SIGNALS_KAFKA_SASL_OAUTHBEARER_ASSERTION_FILE", "/etc/assertion.jwt"), Map.of());
        assertThat(c.kafkaProperties()).containsEntry("sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\"pw\";")
                .containsEntry("sasl.oauthbearer.assertion.file", "/etc/assertion.jwt")
                .doesNotContainKey("sasl.jaas.config.file");
        assertThat(c.get("registry.basic-auth-user-info")).isEqualTo("app:registry-pw");
        // --set still wins over the environment
        assertThat(AppConfig.load(null, Map.of("PARTNER_SIGNALS_REGISTRY_BASIC_AUTH_USER_INFO_FILE", userInfo.toString()),
                Map.of("registry.basic-auth-user-info", "other:pw")).get("registry.basic-auth-user-info")).isEqualTo("other:pw");
    }

    @Test
    void aSecretFileThatCannotBeReadOrASecretSetTwiceStopsStartUp(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> AppConfig.load(null, Map.of("PARTNER_SIGNALS_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE",
                dir.resolve("missing").toString()), Map.of()))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("PARTNER_SIGNALS_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE")
                .hasMessageContaining("kafka.ssl.truststore.password").hasMessageContaining("missing");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "secret");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of("PARTNER_SIGNALS_HTTP_TOKEN_FILE", pw.toString(),
                "PARTNER_SIGNALS_HTTP_TOKEN", "other"), Map.of()))
                .hasMessageContaining("both PARTNER_SIGNALS_HTTP_TOKEN and PARTNER_SIGNALS_HTTP_TOKEN_FILE");
    }

    @Test
    void aMissingTrustStoreStopsStartUpNamingItsSettings(@TempDir Path dir) {
        AppConfig c = AppConfig.load(null, Map.of("PARTNER_SIGNALS_REGISTRY_SSL_TRUSTSTORE_LOCATION",
                dir.resolve("ca.p12").toString()), Map.of("kafka.ssl.truststore.location", dir.resolve("kafka.jks").toString()));
        assertThatThrownBy(() -> c.trustStore("registry.ssl.truststore", null))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("registry.ssl.truststore.location = '" + dir.resolve("ca.p12") + "'")
                .hasMessageContaining("environment PARTNER_SIGNALS_REGISTRY_SSL_TRUSTSTORE_LOCATION")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new LiveApplication(c)).isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("registry.ssl.truststore.location");
        assertThatThrownBy(() -> c.trustStore("kafka.ssl.truststore", "JKS"))
                .hasMessageContaining("kafka.ssl.truststore.location").hasMessageContaining("kafka.jks");
        assertThat(AppConfig.load(null, Map.of(), Map.of()).trustStore("registry.ssl.truststore", null)).isNull();
    }

    @Test
    void mistakesStopStartUpWithWhatToFix() {
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("model.wieght.sponsorship", "1")))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("unknown setting 'model.wieght.sponsorship' (from --set)")
                .hasMessageContaining("model.weight.sponsorship");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of("PARTNER_SIGNALS_MODEL_LATENESS", "a while"), Map.of())
                .topologySettings())
                .hasMessageContaining("model.lateness = 'a while' (from environment PARTNER_SIGNALS_MODEL_LATENESS)")
                .hasMessageContaining("90d");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("model.threshold.amber", "70")).topologySettings())
                .hasMessageContaining("amber").hasMessageContaining("red");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("rocksdb.memory", "lots")).bytesValue("rocksdb.memory"))
                .hasMessageContaining("rocksdb.memory = 'lots'");
    }

    @Test
    void everyBadValueStopsLoadingAtOnceNamingKeyValueOriginAndWhatIsExpected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "http.port=99999\n");
        assertThatThrownBy(() -> AppConfig.load(file, Map.of("PARTNER_SIGNALS_SCORING_SCAN_INTERVAL", "0s"),
                Map.of("topics.partitions", "0", "scoring.idle-advance", "yes", "dead-letters.max-bytes", "1k",
                        "topic.alerts", "alerts!", "model.weight.diversion", "NaN")))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("http.port = '99999' (from file " + file + ") must be 0-65535")
                .hasMessageContaining("scoring.scan-interval = '0s' (from environment PARTNER_SIGNALS_SCORING_SCAN_INTERVAL) "
                        + "must be more than 0")
                .hasMessageContaining("topics.partitions = '0' (from --set) must be 1 or more")
                .hasMessageContaining("scoring.idle-advance = 'yes' (from --set) must be true or false")
                .hasMessageContaining("dead-letters.max-bytes = '1k' (from --set) must be at least 16k and below 2g")
                .hasMessageContaining("topic.alerts = 'alerts!' (from --set) is not a topic name")
                .hasMessageContaining("model.weight.diversion = 'NaN' (from --set) is not a number");
    }

    @Test
    void eachValueSaysWhereItCameFrom(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "model.alert-margin=4\n");
        AppConfig c = AppConfig.load(file, Map.of("PARTNER_SIGNALS_HTTP_PORT", "9000"), Map.of("kafka.linger.ms", "5"));
        assertThat(c.origin("model.alert-margin")).isEqualTo("file " + file);
        assertThat(c.origin("http.port")).isEqualTo("environment PARTNER_SIGNALS_HTTP_PORT");
        assertThat(c.origin("kafka.linger.ms")).isEqualTo("--set");
        assertThat(c.origin("model.lateness")).isEqualTo("the default");
        assertThat(c.intValue("http.port")).isEqualTo(9000);
    }

    @Test
    void theConfigurationFileIsNamedByTheOptionOrElseTheEnvironment(@TempDir Path dir) throws IOException {
        Path fromEnv = Files.writeString(dir.resolve("env.properties"), "model.alert-margin=4\n");
        Path fromOption = Files.writeString(dir.resolve("option.properties"), "model.alert-margin=5\n");
        Map<String, String> env = Map.of(AppConfig.CONFIG_FILE_ENV, fromEnv.toString());
        assertThat(AppConfig.fromCommandLine(null, env, Map.of()).intValue("model.alert-margin")).isEqualTo(4);
        assertThat(AppConfig.fromCommandLine(fromOption, env, Map.of()).intValue("model.alert-margin")).isEqualTo(5);
        assertThat(AppConfig.fromCommandLine(null, Map.of(), Map.of()).intValue("model.alert-margin")).isEqualTo(3);
        assertThatThrownBy(() -> AppConfig.fromCommandLine(null, Map.of(AppConfig.CONFIG_FILE_ENV,
                dir.resolve("absent.properties").toString()), Map.of()))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("absent.properties does not exist (named by PARTNER_SIGNALS_CONFIG)");
    }

    @Test
    void sizesAndDurationsHaveShortForms() {
        AppConfig c = AppConfig.load(null, Map.of(), Map.of("rocksdb.memory", "512m"));
        assertThat(c.bytesValue("rocksdb.memory")).isEqualTo(512L << 20);
        assertThat(AppConfig.parseDuration("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(AppConfig.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(AppConfig.parseDuration("P14D")).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void badConfigurationMakesTheCommandExitWithTheMessage() {
        assertThat(Main.execute(new Main(), "run", "--set", "http.port=99999")).isEqualTo(2);
        assertThat(Main.execute(new Main(), "replay", "--input", "/nonexistent", "--output", "/tmp/x", "--until", "soon")).isEqualTo(2);
    }

    @Test
    void modelSettingsOfACompareFileGoOnTopOfTheWholeConfiguration(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("what-if.properties");
        Files.writeString(file, "model.threshold.amber = 45\nmodel.weight.harmfulAsk=0.3\n");
        AppConfig current = AppConfig.load(null, Map.of("PARTNER_SIGNALS_MODEL_ALERT_MARGIN", "5"),
                Map.of("topics.partitions", "3", "model.threshold.amber", "40"));

        AppConfig changed = current.withModelSettings(file);

        assertThat(changed.intValue("model.threshold.amber")).isEqualTo(45);
        assertThat(changed.origin("model.threshold.amber")).isEqualTo("file " + file + " (--compare-config)");
        assertThat(changed.doubleValue("model.weight.harmfulAsk")).isEqualTo(0.3);
        // everything else stays as the current configuration gives it
        assertThat(changed.intValue("model.alert-margin")).isEqualTo(5);
        assertThat(changed.origin("model.alert-margin")).isEqualTo("environment PARTNER_SIGNALS_MODEL_ALERT_MARGIN");
        assertThat(changed.intValue("topics.partitions")).isEqualTo(3);
        assertThat(current.intValue("model.threshold.amber")).isEqualTo(40);
        assertThat(changed.topologySettings().model().modelVersion()).startsWith(RiskModelConfig.BASE_VERSION + "+");
    }
}
