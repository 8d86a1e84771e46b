package io.partnersignals.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instance of the live application as operators run it, from the shaded jar in a child JVM:
 * {@code java -Xmx512m -jar partner-signals.jar run --set key=value ...}.
 */
final class AppInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    private final int httpPort;
    private final ChildProcess process;

    private AppInstance(String name, int httpPort, ChildProcess process) {
        this.name = name;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Starts an instance with {@code settings}, which name its {@code http.port}; returns at once. */
    static AppInstance start(String name, Map<String, String> settings, Path dir) {
        List<String> args = new ArrayList<>(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar",
                Jars.application().toAbsolutePath().toString(), "run"));
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return new AppInstance(name, Integer.parseInt(settings.get("http.port")),
                ChildProcess.java(name, args, dir, dir.resolve(name + ".log")));
    }

    /** The status of a GET on the instance's HTTP port, or -1 when it does not answer. */
    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    boolean ready() {
        return status("/health/ready") == 200;
    }

    /** Waits until it is ready; fails at once, with its log, if it exits first. */
    AppInstance awaitReady(Duration timeout) {
        FaultCluster.await(name + " to be ready", timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitCode() + "; its log ends with:\n"
                        + process.logTail());
            }
            return ready();
        });
        return this;
    }

    /** Throws, with the end of its log, when the instance has exited. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitCode() + "; its log ends with:\n"
                    + process.logTail());
        }
    }

    /** SIGKILL: it dies without a chance to clean up. */
    void kill() {
        process.kill();
    }

    boolean awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    Integer exitCode() {
        return process.exitCode();
    }

    String log() {
        return process.logText();
    }

    String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        process.close();
    }
}
