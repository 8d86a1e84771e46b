package io.partnersignals.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka Connect worker in distributed mode as a child process: {@code java -cp <connect-runtime
 * and its dependencies> org.apache.kafka.connect.cli.ConnectDistributed worker.properties}, its REST
 * API on a free port of 127.0.0.1, its log in a file that stays after the test (under target/). The
 * class path is the one the connect-worker module wrote at build time.
 */
final class ConnectWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ConnectWorker(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a worker and returns when its REST API answers and it has joined its group.
     *
     * @param classpathFile the file with the worker's class path (connect-worker/target/worker.classpath)
     * @param pluginPath the plugin.path entries
     * @param dir where worker.properties, the logback configuration and worker.log go
     * @param env environment variables of the worker (secrets for ${env:...} in connector configurations)
     */
    static ConnectWorker start(Path classpathFile, List<Path> pluginPath, String bootstrapServers, Path dir,
            Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("No Connect worker class path at " + classpathFile
                    + ": build the connect-worker module first (./mvnw -B verify builds it before connectors)");
        }
        for (Path p : pluginPath) {
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException("plugin.path entry " + p + " is missing: run ./mvnw -B verify (package "
                        + "builds the plugins)");
            }
        }
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String group = "partner-signals-it-connect-" + port;
        Path properties = dir.resolve("worker.properties");
        Files.writeString(properties, String.join("\n",
                "bootstrap.servers=" + bootstrapServers,
                "group.id=" + group,
                "config.storage.topic=" + group + "-configs",
                "offset.storage.topic=" + group + "-offsets",
                "status.storage.topic=" + group + "-status",
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "offset.storage.partitions=3",
                "status.storage.replication.factor=1",
                "status.storage.partitions=1",
                "key.converter=org.apache.kafka.connect.storage.StringConverter",
                "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter",
                "listeners=http://127.0.0.1:" + port,
                "rest.advertised.host.name=127.0.0.1",
                "rest.advertised.port=" + port,
                "plugin.path=" + String.join(",", pluginPath.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()),
                // every plugin here declares itself for ServiceLoader: no slow reflective scan of the Debezium jars
                "plugin.discovery=service_load",
                "offset.flush.interval.ms=1000",
                "scheduled.rebalance.max.delay.ms=0",
                "config.providers=env",
                "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                ""));
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka.clients" level="WARN"/>
                  <logger name="org.apache.kafka.common" level="WARN"/>
                  <logger name="org.reflections" level="ERROR"/>
                  <logger name="org.hibernate" level="WARN"/>
                  <logger name="com.mchange" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        Path log = dir.resolve("worker.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
                "-cp", Files.readString(classpathFile).strip(),
                "org.apache.kafka.connect.cli.ConnectDistributed", properties.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        ConnectWorker worker = new ConnectWorker(builder.start(), port, log);
        try {
            worker.awaitReady(timeout);
        } catch (RuntimeException | InterruptedException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    /** The REST API answers and lists connectors (which it does only after joining the group). */
    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Connect worker exited with code " + process.exitValue()
                        + "; its log ends with:\n" + logTail(40));
            }
            try {
                if (send("GET", "/connectors", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Connect worker's REST API did not answer within " + timeout.toSeconds()
                        + " s; its log ends with:\n" + logTail(40));
            }
            Thread.sleep(250);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    /** PUT /connectors/{name}/config; retried while the worker rebalances (409). */
    void putConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(config);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = send("PUT", "/connectors/" + name + "/config", body);
            if (response.statusCode() / 100 == 2) {
                return;
            }
            if (response.statusCode() != 409 || System.nanoTime() > deadline) {
                throw new IllegalStateException("PUT /connectors/" + name + "/config answered HTTP " + response.statusCode()
                        + ": " + response.body());
            }
            Thread.sleep(500);
        }
    }

    /** The connector's and its tasks' states, e.g. {@code RUNNING [RUNNING]}, or the HTTP status. */
    String state(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/connectors/" + name + "/status", null);
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode();
        }
        JsonNode status = JSON.readTree(response.body());
        List<String> tasks = new ArrayList<>();
        status.path("tasks").forEach(t -> tasks.add(t.path("state").asText()
                + (t.has("trace") ? " " + t.get("trace").asText().lines().findFirst().orElse("") : "")));
        return status.path("connector").path("state").asText() + " " + tasks;
    }

    /** Waits until the connector and at least one task are RUNNING; fails at once when one FAILED. */
    void awaitRunning(String name, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = state(name);
            if (state.contains("FAILED")) {
                throw new AssertionError("connector " + name + " failed: " + state);
            }
            if (state.equals("RUNNING [RUNNING]") || (state.startsWith("RUNNING [RUNNING") && !state.contains("UNASSIGNED"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("connector " + name + " not RUNNING within " + timeout.toSeconds() + " s: " + state);
    }

    void deleteConnector(String name) throws IOException, InterruptedException {
        send("DELETE", "/connectors/" + name, null);
    }

    List<String> connectors() throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/connectors", null);
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).forEach(n -> names.add(n.asText()));
        return names;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (Connect stops its connectors and tasks), then SIGKILL after a while; waits for the process. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }
}
