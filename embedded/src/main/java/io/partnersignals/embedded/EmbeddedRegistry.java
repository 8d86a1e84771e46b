package io.partnersignals.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry as a child process: the same {@code java} binary as this JVM, on a free port of
 * 127.0.0.1, with its output in a log file, and its Confluent-compatible API at {@link #url()}.
 * {@link #close()} stops it and its descendants and waits for them; a JVM shutdown hook does the same
 * when this JVM is stopped (Ctrl-C, SIGTERM), so no registry outlives it. (Only SIGKILL of this JVM
 * can leave it behind.)
 *
 * <p>Its schemas are kept in an H2 database file in its directory, written at once, so that
 * {@link #kill()} and {@link #restart(Duration)} keep them with their ids, as a registry with durable storage
 * does; {@link #pause()} and {@link #resume()} make it hang (SIGSTOP, SIGCONT) as an overloaded or
 * stalled registry does: connections are accepted by the kernel and never answered.
 */
public final class EmbeddedRegistry implements AutoCloseable {

    /** Environment variable naming the {@code apicurio-registry-app-*-runner.jar} to run. */
    public static final String JAR_ENV = "PARTNER_SIGNALS_APICURIO_JAR";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);
    private static final String DIRECTORY = "apicurio-registry";
    private static final String JAR_GLOB = "apicurio-registry-app-*-runner.jar";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int LOG_LINES_IN_ERRORS = 30;

    private final Path runnerJar;
    private volatile Process process;
    private final int port;
    private final Path workDir;
    private final Path logFile;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedRegistry(Path runnerJar, Process process, int port, Path workDir, Path logFile) {
        this.runnerJar = runnerJar;
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.logFile = logFile;
        this.shutdownHook = new Thread(() -> stop(this.process), "embedded-registry-stop");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            stop(process); // this JVM is already stopping: the registry must not outlive it
            throw e;
        }
    }

    /** Starts the registry found by {@link #locateJar()} and returns when it is ready. */
    public static EmbeddedRegistry start() {
        return start(locateJar(), DEFAULT_READY_TIMEOUT);
    }

    /** Starts the registry of {@code runnerJar} and returns when it is ready (see {@link #awaitReady}). */
    public static EmbeddedRegistry start(Path runnerJar, Duration readyTimeout) {
        return launch(runnerJar).awaitReady(readyTimeout);
    }

    /**
     * Starts the registry of {@code runnerJar} (its {@code lib/} next to it) without waiting for it:
     * its {@link #url()} is known at once, so that other things can start meanwhile.
     */
    public static EmbeddedRegistry launch(Path runnerJar) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("partner-signals-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the embedded registry", e);
        }
        Path log = workDir.resolve("apicurio-registry.log");
        try {
            int port = EmbeddedKafka.freeLoopbackPort();
            return new EmbeddedRegistry(runnerJar, spawn(runnerJar, port, workDir, log), port, workDir, log);
        } catch (IOException e) {
            EmbeddedKafka.deleteRecursively(workDir);
            throw new UncheckedIOException("cannot start Apicurio Registry from " + runnerJar + ": " + e.getMessage(), e);
        }
    }

    private static Process spawn(Path runnerJar, int port, Path workDir, Path log) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // C1 only and the serial collector: on two cores it is ready in ~5 s instead of ~12 s
        return new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                // a file, written at once: a restart, even after SIGKILL, keeps every schema and its id
                "-Dapicurio.datasource.url=jdbc:h2:file:" + workDir.toAbsolutePath().resolve("storage").resolve("registry")
                        + ";WRITE_DELAY=0",
                "-jar", runnerJar.toAbsolutePath().toString())
                .directory(workDir.toFile()) // whatever it writes stays in workDir
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** SIGKILL: the registry is gone at once, its port refuses connections; {@link #restart(Duration)} brings it back. */
    public synchronized void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the registry again, on the same port and with the same schemas, and returns when it is
     * ready; stops it first if it is still running.
     */
    public synchronized EmbeddedRegistry restart(Duration readyTimeout) {
        if (closed) {
            throw new IllegalStateException("the registry is closed");
        }
        if (process.isAlive()) {
            resume();
            stop(process);
        }
        try {
            process = spawn(runnerJar, port, workDir, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart Apicurio Registry: " + e.getMessage(), e);
        }
        return awaitReady(readyTimeout);
    }

    /** SIGSTOP: the registry hangs; the kernel still accepts connections, nothing answers them. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT: a paused registry answers again, as if nothing had happened. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + name + " to the registry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + name + " to the registry", e);
        }
    }

    /**
     * Returns when {@code /health/ready} answers 200. When the registry exits or is not ready within
     * {@code timeout}, stops it and fails with the last lines of its log.
     */
    public EmbeddedRegistry awaitReady(Duration timeout) {
        try {
            pollReady(timeout);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void pollReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before it was ready; its log ends with:\n" + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Apicurio Registry was not ready within " + timeout.toSeconds()
                        + " s; its log ends with:\n" + logTail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
        }
    }

    /**
     * The runner jar: {@value #JAR_ENV} if set, else {@code apicurio-registry/} next to the jar (or
     * classes directory) this class was loaded from, else the build's {@code tools/target/apicurio-registry/}
     * or {@code embedded/target/apicurio-registry/} under the working directory.
     *
     * @throws IllegalStateException saying what to build or set when there is none
     */
    public static Path locateJar() {
        return locateJar(System.getenv(), codeLocation(), Path.of(""));
    }

    /** The jar (or classes directory) this class was loaded from, or null when it cannot be told. */
    static Path codeLocation() {
        try {
            var source = EmbeddedRegistry.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    static Path locateJar(Map<String, String> env, Path codeLocation, Path workingDir) {
        String fromEnv = env.get(JAR_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path jar = Path.of(fromEnv.trim());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(JAR_ENV + "=" + fromEnv + " is not a file; point it at an "
                        + JAR_GLOB + " (with its lib/ directory next to it)");
            }
            return jar;
        }
        List<Path> candidates = new ArrayList<>();
        if (codeLocation != null && codeLocation.getParent() != null) {
            candidates.add(codeLocation.getParent().resolve(DIRECTORY));
        }
        candidates.add(workingDir.resolve("tools").resolve("target").resolve(DIRECTORY));
        candidates.add(workingDir.resolve("embedded").resolve("target").resolve(DIRECTORY));
        for (Path dir : candidates) {
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, JAR_GLOB)) {
                    for (Path jar : jars) {
                        return jar;
                    }
                } catch (IOException e) {
                    // look in the next place
                }
            }
        }
        throw new IllegalStateException("Apicurio Registry (" + JAR_GLOB + ") not found in "
                + candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + ". The build fetches it: run ./mvnw -q -B package -DskipTests from the project directory, "
                + "or set " + JAR_ENV + " to a runner jar of Apicurio Registry 3 (with its lib/ next to it).");
    }

    /** The Confluent Schema Registry API: {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String url() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** {@code http://127.0.0.1:PORT}: Apicurio's own UI and APIs. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Whether its process is running (a paused one is). */
    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The registry's output (removed by {@link #close()}). */
    public Path logFile() {
        return logFile;
    }

    /** Stops the registry and its descendants, waits for them, and removes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process.isAlive()) {
            try {
                resume(); // a stopped process cannot act on SIGTERM
            } catch (RuntimeException e) {
                // it is killed below anyway
            }
        }
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway and finds nothing to do
        }
        EmbeddedKafka.deleteRecursively(workDir);
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is still alive after a while. */
    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList()); // before they lose their parent
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // nothing more can be done for a process that survives SIGKILL
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }
}
