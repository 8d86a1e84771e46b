package io.partnersignals.faults;

import io.partnersignals.embedded.EmbeddedRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Apicurio Registry in a child JVM as the project runs it (see {@link EmbeddedRegistry}), but on a
 * fixed port and with its H2 database in a file, so that a fault can pause it, kill it and start it
 * again with the schemas and ids it had (an in-memory registry would come back empty, which no
 * deployment does).
 */
final class RegistryProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final int port;
    private ChildProcess process;

    private RegistryProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts the registry with its data under {@code work}; returns at once ({@link #awaitReady()}). */
    static RegistryProcess launch(Path work) {
        try {
            RegistryProcess r = new RegistryProcess(Files.createDirectories(work.resolve("registry")), Ports.free());
            r.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it on its port and database (again, after {@link #kill()}); returns at once. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the registry runs already");
        }
        Path jar = EmbeddedRegistry.locateJar().toAbsolutePath();
        // C1 only and the serial collector, as EmbeddedRegistry: ready in seconds on two cores
        process = ChildProcess.java("registry", List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dapicurio.datasource.url=jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                "-jar", jar.toString()), dir, dir.resolve("registry.log"));
    }

    /** Returns when {@code /health/ready} answers 200, or fails with the end of its log. */
    RegistryProcess awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the registry exited with " + process.exitCode()
                            + "; its log ends with:\n" + process.logTail());
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return this;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the registry was not ready within " + READY_TIMEOUT
                            + "; its log ends with:\n" + process.logTail());
                }
                Thread.sleep(100); // polling interval of a condition with a deadline
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the registry", e);
        }
    }

    /** SIGSTOP: it hangs with its port open, as a registry stuck in a GC pause or on a dead disk. */
    void pause() {
        process.pause();
    }

    void resume() {
        process.resume();
    }

    /** After a fault, whatever it was: running and continued, so that the next scenario finds it serving. */
    void ensureServing() {
        if (process.isAlive()) {
            process.resume();
        } else {
            start();
        }
        awaitReady();
    }

    /** SIGKILL: its database file stays for {@link #start()}. */
    void kill() {
        process.kill();
    }

    String url() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
