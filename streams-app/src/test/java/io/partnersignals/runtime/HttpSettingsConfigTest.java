package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.http.HttpSettings;
import io.partnersignals.http.TestKeystores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http.* settings: defaults, checks, secrets from files, and TLS settings that stop start-up when wrong. */
class HttpSettingsConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults() {
        HttpSettings s = AppConfig.load(null, Map.of(), Map.of()).httpSettings();
        assertThat(s.port()).isEqualTo(8088);
        assertThat(s.token()).isEmpty();
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.maxConcurrentRequests()).isEqualTo(16);
        assertThat(s.maxQueuedRequests()).isEqualTo(256);
        assertThat(s.maxLoginFailures()).isEqualTo(5);
        assertThat(s.loginWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.tls()).isNull();
    }

    @Test
    void thePagesKnowStoryTimeAndTheModelsThresholds() {
        assertThat(AppConfig.load(null, Map.of(), Map.of()).httpSettings().page())
                .isEqualTo(new HttpSettings.PageSettings(false, 35, 60));
        assertThat(AppConfig.load(null, Map.of(), Map.of("http.story-time", "true", "model.threshold.amber", "30",
                "model.threshold.red", "70")).httpSettings().page()).isEqualTo(new HttpSettings.PageSettings(true, 30, 70));
    }

    @Test
    void tokensComeFromTheEnvironmentOrFromFilesItNames() throws Exception {
        Path next = Files.writeString(dir.resolve("next-token"), "next-secret\n");
        HttpSettings s = AppConfig.load(null, Map.of("PARTNER_SIGNALS_HTTP_TOKEN", "current-secret",
                "PARTNER_SIGNALS_HTTP_NEXT_TOKEN_FILE", next.toString()), Map.of()).httpSettings();
        assertThat(s.token()).isEqualTo("current-secret");
        assertThat(s.nextToken()).isEqualTo("next-secret");
        assertThat(s.toString()).doesNotContain("secret");

        assertThatThrownBy(() -> AppConfig.load(null, Map.of("PARTNER_SIGNALS_HTTP_TOKEN_FILE",
                dir.resolve("absent").toString()), Map.of()))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("cannot read the file with the value of http.token").hasMessageContaining("PARTNER_SIGNALS_HTTP_TOKEN_FILE");
    }

    @Test
    void badValuesSayWhatToFix() {
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("http.next-token", "n")).httpSettings())
                .hasMessageContaining("http.token is empty");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("http.idle-timeout", "0s")).httpSettings())
                .hasMessageContaining("http.idle-timeout").hasMessageContaining("more than 0");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("http.max-concurrent-requests", "0",
                "http.login.window", "soon")).httpSettings())
                .hasMessageContaining("http.max-concurrent-requests = '0'").hasMessageContaining("http.login.window = 'soon'");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("http.tls.truststore", "/x.p12")).httpSettings())
                .hasMessageContaining("http.tls.keystore is empty");
    }

    @Test
    void aKeystoreIsOpenedWhenTheSettingsAreReadAndAMistakeStopsStartUp() throws Exception {
        TestKeystores keys = TestKeystores.create(dir);
        HttpSettings s = AppConfig.load(null, Map.of("PARTNER_SIGNALS_HTTP_TLS_KEYSTORE_PASSWORD", keys.password()),
                Map.of("http.tls.keystore", keys.keystore().toString(), "http.tls.truststore", keys.truststore().toString(),
                        "http.tls.truststore-password", keys.password())).httpSettings();
        assertThat(s.tls()).isNotNull();

        assertThatThrownBy(() -> AppConfig.load(null, Map.of("PARTNER_SIGNALS_HTTP_TLS_KEYSTORE_PASSWORD", "wrong"),
                Map.of("http.tls.keystore", keys.keystore().toString())).httpSettings())
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("http.tls.keystore").hasMessageContaining("wrong password for keystore")
                .hasMessageNotContaining(keys.password());
        assertThatThrownBy(() -> AppConfig.load(null, Map.of("PARTNER_SIGNALS_HTTP_TLS_KEYSTORE_PASSWORD", "x"),
                Map.of("http.tls.keystore", dir.resolve("nowhere.p12").toString())).httpSettings())
                .hasMessageContaining("nowhere.p12 does not exist");
        assertThatThrownBy(() -> AppConfig.load(null, Map.of(), Map.of("http.tls.keystore", keys.keystore().toString()))
                .httpSettings())
                .hasMessageContaining("http.tls.keystore-password is empty")
                .hasMessageContaining("PARTNER_SIGNALS_HTTP_TLS_KEYSTORE_PASSWORD");
    }
}
