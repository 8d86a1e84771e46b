package io.partnersignals.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

    @Test
    void blankCredentialsFromConfigurationMeanNone() {
        RegistrySettings s = RegistrySettings.of("http://r:8080/apis/ccompat/v7", "", " ");
        assertThat(s.basicAuthUserInfo()).isNull();
        assertThat(s.bearerToken()).isNull();
    }

    @Test
    void aBearerTokenWinsOverBasicAuth() {
        assertThat(RegistrySettings.of("http://r:8080", "u:p", null).basicAuthUserInfo()).isEqualTo("u:p");
        RegistrySettings both = RegistrySettings.of("http://r:8080", "u:p", "t0k");
        assertThat(both.bearerToken()).isEqualTo("t0k");
        assertThat(both.basicAuthUserInfo()).isNull();
    }
}
