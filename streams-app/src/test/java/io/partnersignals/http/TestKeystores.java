package io.partnersignals.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PKCS12 keystore with a fresh key and self-signed certificate for localhost and 127.0.0.1, and
 * a truststore holding that certificate, made with the JDK's keytool in a test's directory.
 */
public record TestKeystores(Path keystore, Path truststore, String password) {

    public static TestKeystores create(Path dir) throws IOException, InterruptedException {
        String password = "test-pass-" + Long.toHexString(System.nanoTime());
        Path keystore = dir.resolve("instance.p12");
        Path cert = dir.resolve("instance.der");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "instance", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "instance", "-keystore", keystore.toString(), "-storepass", password,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "instance", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", password);
        return new TestKeystores(keystore, truststore, password);
    }

    HttpTls load() {
        return HttpTls.load(keystore, password, truststore, password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
