package io.partnersignals.runtime;

import io.partnersignals.embedded.EmbeddedKafka;
import io.partnersignals.embedded.EmbeddedRegistry;
import io.partnersignals.registry.TrustStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry 3.0.9 (the runner jar the build fetches) served over HTTPS only, with HTTP basic
 * auth for its APIs: Quarkus's TLS settings and its embedded users (the
 * quarkus-elytron-security-properties-file extension Apicurio ships), switched on by
 * {@code quarkus.http.auth.basic=true}, which Apicurio's own authentication mechanism honours in
 * 3.0.9, and an HTTP permission that makes every request under {@code /apis/} authenticated. Its
 * settings, passwords included, are in {@code config/application.properties} under its working
 * directory (Quarkus reads that file), never on its command line. {@code /health/*} stays open.
 */
final class SecuredRegistry implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Path workDir;
    private final Path log;

    private SecuredRegistry(Process process, int port, Path workDir, Path log) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.log = log;
    }

    /** Starts it with one user, {@code user} / {@code password}, and returns when it is ready. */
    static SecuredRegistry start(TestCertificates certificates, String user, String password) throws Exception {
        TestCertificates.ServerKeyStore key = certificates.server("registry");
        Path workDir = Files.createTempDirectory("partner-signals-secured-registry-");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("quarkus.http.host", "127.0.0.1");
        p.setProperty("quarkus.http.ssl-port", String.valueOf(port));
        p.setProperty("quarkus.http.insecure-requests", "disabled");
        p.setProperty("quarkus.http.ssl.certificate.key-store-file", key.location().toString());
        p.setProperty("quarkus.http.ssl.certificate.key-store-file-type", "PKCS12");
        p.setProperty("quarkus.http.ssl.certificate.key-store-password", key.password());
        p.setProperty("quarkus.http.auth.basic", "true");
        p.setProperty("quarkus.security.users.embedded.enabled", "true");
        p.setProperty("quarkus.security.users.embedded.plain-text", "true");
        p.setProperty("quarkus.security.users.embedded.users." + user, password);
        p.setProperty("quarkus.security.users.embedded.roles." + user, "sr-developer");
        p.setProperty("quarkus.http.auth.permission.registry-apis.paths", "/apis/*");
        p.setProperty("quarkus.http.auth.permission.registry-apis.policy", "authenticated");
        Path config = Files.createDirectories(workDir.resolve("config")).resolve("application.properties");
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(out, "Apicurio Registry over HTTPS with basic auth");
        }
        Path log = workDir.resolve("apicurio-registry.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", EmbeddedRegistry.locateJar().toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SecuredRegistry registry = new SecuredRegistry(process, port, workDir, log);
        try {
            registry.awaitReady(certificates.clientTrust());
            return registry;
        } catch (RuntimeException | InterruptedException e) {
            registry.close();
            throw e;
        }
    }

    /** {@code https://localhost:PORT}: the certificate names localhost and 127.0.0.1. */
    String baseUrl() {
        return "https://localhost:" + port;
    }

    /** The Confluent-compatible API. */
    String url() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    int port() {
        return port;
    }

    Path logFile() {
        return log;
    }

    private void awaitReady(TrustStore trust) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().sslContext(trust.sslContext()).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue() + ": " + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Apicurio Registry was not ready over HTTPS within " + READY_TIMEOUT + ": "
                        + logTail());
            }
            Thread.sleep(200); // polling interval of a condition with a deadline
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        EmbeddedKafka.deleteRecursively(workDir);
    }
}
