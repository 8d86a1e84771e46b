package io.partnersignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust stores made by the JDK's keytool, read as PKCS12, JKS and PEM. */
class TrustStoreTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeStores() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", "ca-secret");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", "ca-secret", "-file", "ca.pem");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", "trust-secret");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.jks",
                "-storetype", "JKS", "-storepass", "trust-secret");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile()).redirectInput(new File("/dev/null")).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", args[0], Files.readString(dir.resolve("keytool.log"))).isZero();
    }

    @Test
    void readsPkcs12JksAndPem() throws Exception {
        assertThat(new TrustStore(dir.resolve("trust.p12"), "trust-secret", null).load().containsAlias("ca")).isTrue();
        assertThat(new TrustStore(dir.resolve("trust.jks"), "trust-secret", "jks").load().size()).isEqualTo(1);
        assertThat(new TrustStore(dir.resolve("ca.pem"), null, "PEM").load().size()).isEqualTo(1);
        assertThat(new TrustStore(dir.resolve("trust.p12"), "trust-secret", "PKCS12").sslContext().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void aMissingFileOrAWrongPasswordIsNamed() {
        assertThatThrownBy(() -> new TrustStore(dir.resolve("nope.p12"), "x", null).load())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.p12").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new TrustStore(dir.resolve("trust.p12"), "wrong", null).sslContext())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trust.p12").hasMessageContaining("password")
                .hasMessageContaining("wrong");
        assertThatThrownBy(() -> new TrustStore(dir.resolve("trust.jks"), "wrong", "JKS").load())
                .hasMessageContaining("password of trust store");
        assertThatThrownBy(() -> new TrustStore(dir.resolve("keytool.log"), null, "PEM").load())
                .hasMessageContaining("keytool.log");
        assertThatThrownBy(() -> new TrustStore(dir.resolve("trust.p12"), null, "BKS"))
                .hasMessageContaining("PKCS12, JKS or PEM");
    }

    @Test
    void settingsCarryTheTrustStoreFromConfluentKeysWithoutPrintingItsPassword() {
        RegistrySettings settings = RegistrySettings.fromConfig(Map.of("schema.registry.url", "https://registry:8443",
                "schema.registry.ssl.truststore.location", dir.resolve("trust.p12").toString(),
                "schema.registry.ssl.truststore.password", "trust-secret", "basic.auth.user.info", "app:app-secret"));
        assertThat(settings.trustStore()).isEqualTo(new TrustStore(dir.resolve("trust.p12"), "trust-secret", "PKCS12"));
        assertThat(settings.withBasicAuth("other:pw").trustStore()).isEqualTo(settings.trustStore());
        assertThat(settings.toString()).contains("trust.p12").doesNotContain("trust-secret").doesNotContain("app-secret");
        assertThat(TrustStore.of("  ", "pw", null)).isNull();
        assertThat(RegistrySettings.of("https://registry:8443").trustStore()).isNull();
    }
}
