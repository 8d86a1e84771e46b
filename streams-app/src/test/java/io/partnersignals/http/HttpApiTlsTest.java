package io.partnersignals.http;

import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.TOKEN;
import static io.partnersignals.http.HttpFixture.bearer;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS12 keystore: the endpoints, Secure cookies, calls between instances, and bad settings. */
class HttpApiTlsTest {

    @TempDir
    static Path dir;
    private static TestKeystores keys;

    private HttpFixture fixture;

    @BeforeAll
    static void keystores() throws Exception {
        keys = TestKeystores.create(dir);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void servesHttpsSetsSecureCookiesAndAsksTheOtherInstanceOverHttps() throws Exception {
        fixture = new HttpFixture(keys.load().clientContext());
        HttpFixture.Instance a = fixture.startWith(HttpFixture.settings(TOKEN).withTls(keys.load()));
        HttpFixture.Instance b = fixture.startWith(HttpFixture.settings(TOKEN).withTls(keys.load()));
        a.view().owning("prodigal", b.host()).withOthers(b.host()).holding(risk("calm", "Calm Co", 12, 12, T0));
        b.view().holding(risk("prodigal", "Prodigal", 98, 90, T0)).withOthers(a.host());

        assertThat(a.url("/")).startsWith("https://");
        assertThat(fixture.get(a.url("/health/live")).statusCode()).isEqualTo(200);
        HttpResponse<String> relayed = fixture.get(a.url("/api/partners/prodigal"), "Authorization", bearer(TOKEN));
        assertThat(relayed.statusCode()).isEqualTo(200);
        assertThat(relayed.body()).contains("Prodigal");
        HttpResponse<String> list = fixture.get(a.url("/api/partners"), "Authorization", bearer(TOKEN));
        assertThat(list.body()).contains("prodigal").contains("calm").contains("\"incomplete\":[]");

        HttpResponse<String> login = fixture.postForm(a.url("/login"), "token=" + TOKEN);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                .contains("; Secure").contains("HttpOnly").contains("SameSite=Strict"));
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        fixture = new HttpFixture();
        HttpFixture.Instance a = fixture.startWith(HttpFixture.settings(null).withTls(keys.load()));
        assertThatThrownBy(() -> fixture.get(a.url("/health/live"))).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void badKeystoreSettingsSayWhatToFix() throws Exception {
        fixture = new HttpFixture();
        assertThatThrownBy(() -> HttpTls.load(dir.resolve("missing.p12"), "x", null, null))
                .hasMessageContaining("missing.p12 does not exist");
        assertThatThrownBy(() -> HttpTls.load(keys.keystore(), "wrong", null, null))
                .hasMessageContaining("wrong password for keystore");
        assertThatThrownBy(() -> HttpTls.load(keys.keystore(), keys.password(), keys.truststore(), "wrong"))
                .hasMessageContaining("wrong password for truststore");
        assertThatThrownBy(() -> HttpTls.load(keys.truststore(), keys.password(), null, null))
                .hasMessageContaining("holds no private key");
        Path text = Files.writeString(dir.resolve("not-a-keystore.p12"), "hello");
        assertThatThrownBy(() -> HttpTls.load(text, "x", null, null)).hasMessageContaining("cannot be read as PKCS12");
        assertThat(keys.load().toString()).doesNotContain(keys.password());
    }
}
