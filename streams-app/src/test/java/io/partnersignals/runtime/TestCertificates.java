package io.partnersignals.runtime;

import io.partnersignals.registry.TrustStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS material made for one test run by the JDK's keytool, as an operator would with a private CA:
 * a CA, a key and certificate for each server signed by it (for 127.0.0.1 and localhost), and the
 * clients' trust store holding only the CA, as PKCS12 and as PEM. Every password is random.
 */
final class TestCertificates {

    /** A server's PKCS12 key store: its key and the certificate chain up to the CA. */
    record ServerKeyStore(Path location, String password) {}

    private final Path dir;
    private final String caPassword = secret();
    /** The clients' trust store: PKCS12 holding the CA's certificate. */
    final Path trustStore;
    final String trustStorePassword = secret();
    /** The CA's certificate as PEM: a trust store without a password. */
    final Path caPem;

    TestCertificates(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=partner-signals test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", caPassword);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", caPassword, "-file", "ca.pem");
        caPem = dir.resolve("ca.pem");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "truststore.p12",
                "-storetype", "PKCS12", "-storepass", trustStorePassword);
        trustStore = dir.resolve("truststore.p12");
    }

    /** The client trust store with its password, as the application's settings take it. */
    TrustStore clientTrust() {
        return new TrustStore(trustStore, trustStorePassword, "PKCS12");
    }

    /** A key store for the server {@code name} on 127.0.0.1, signed by the CA. */
    ServerKeyStore server(String name) throws IOException, InterruptedException {
        String password = secret();
        String store = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", password, "-file", name + ".csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", caPassword, "-infile", name + ".csr",
                "-outfile", name + ".crt", "-rfc", "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-ext", "KU=digitalSignature,keyAgreement", "-ext", "EKU=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store, "-storepass", password);
        keytool("-importcert", "-alias", name, "-file", name + ".crt", "-keystore", store, "-storepass", password);
        return new ServerKeyStore(dir.resolve(store), password);
    }

    static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " failed: " + Files.readString(log));
        }
    }
}
