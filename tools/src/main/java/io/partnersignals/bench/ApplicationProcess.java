package io.partnersignals.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the live application in a child JVM, as operators run it:
 * {@code java -Xmx<heap> -XX:+ExitOnOutOfMemoryError -jar partner-signals.jar run --set key=value ...}
 * (from the classes directory, {@code -cp <class path> io.partnersignals.tools.Tools run ...}), its
 * output appended to a log file, its stdin closed. Settings go on the command line only: the
 * PARTNER_SIGNALS_* variables of this environment are not passed on (except the log level), so that
 * a configuration of the shell does not change what is measured. A shutdown hook kills the child
 * when this JVM stops, so that no instance outlives the benchmark.
 */
final class ApplicationProcess implements AutoCloseable {

    /** The application's own shutdown allows 30 s for Kafka Streams; this leaves room for the rest. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_LINES_IN_ERRORS = 40;

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final int httpPort;
    private final Path logFile;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ApplicationProcess(String name, Process process, long startedNanos, int httpPort, Path logFile) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.httpPort = httpPort;
        this.logFile = logFile;
        this.shutdownHook = new Thread(process::destroyForcibly, "bench-stop-" + name);
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            process.destroyForcibly(); // this JVM is already stopping: the instance must not outlive it
            throw e;
        }
    }

    /**
     * Starts an instance with {@code settings} (which must name its {@code http.port}), the JVM's
     * heap limited to {@code heap} (e.g. {@code 512m}).
     */
    static ApplicationProcess start(String name, String heap, Map<String, String> settings, Path logFile)
            throws IOException {
        List<String> command = command(ChildJvm.java(), heap, ChildJvm.codeLocation(), System.getProperty("java.class.path"),
                settings);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        ChildJvm.withoutSettings(builder.environment());
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(logFile, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        return new ApplicationProcess(name, process, started, Integer.parseInt(settings.get("http.port")), logFile);
    }

    /** The command line: {@code -jar} when {@code code} is a jar, else the class path and the main class. */
    static List<String> command(String java, String heap, Path code, String classPath, Map<String, String> settings) {
        List<String> arguments = new ArrayList<>(List.of("run"));
        settings.forEach((k, v) -> {
            arguments.add("--set");
            arguments.add(k + "=" + v);
        });
        return ChildJvm.command(java, List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"), code, classPath, arguments);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    /** Seconds since the process was started. */
    double secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Throws, with the end of its log, when the process has exited. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("instance " + name + " exited with code " + process.exitValue()
                    + "; " + logFile + " ends with:\n" + logTail());
        }
    }

    /** Whether {@code /health/ready} answers 200 (Kafka Streams is RUNNING: every active task restored). */
    boolean ready() {
        try {
            return http.send(get("/health/ready"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the instance is ready; returns the seconds from its start. */
    double awaitReady(Duration timeout) throws Exception {
        Await.until("instance " + name + " to be ready", timeout, () -> {
            checkAlive();
            return ready();
        });
        return secondsSinceStart();
    }

    /** The samples of {@code /metrics}. */
    PrometheusText metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(get("/metrics"), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics of instance " + name + " answered " + r.statusCode());
        }
        return PrometheusText.parse(r.body());
    }

    /** VmRSS and VmHWM of the child JVM. */
    ProcessMemory memory() {
        ProcessMemory m = ProcessMemory.of(process.pid());
        if (m == null) {
            throw new IllegalStateException("cannot read /proc/" + process.pid() + "/status (instance " + name + ")");
        }
        return m;
    }

    /** SIGTERM, then waits for the clean shutdown (commit, checkpoints); a process that does not stop fails the run. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("instance " + name + " did not stop within " + STOP_TIMEOUT.toSeconds()
                    + " s of SIGTERM; killed it");
        }
        removeHook();
    }

    /** SIGKILL, as a crashed machine or an OOM kill would end it; returns when the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        removeHook();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process if it still runs (cleanup after a failure). */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        removeHook();
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // this JVM is stopping: the hook runs anyway and finds the process gone
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build();
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }
}
