package io.partnersignals.faults;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft cluster (broker and controller) in a child JVM, Kafka's own {@code kafka.Kafka}
 * from the tools' shaded jar, so that a fault can kill it and start it again on the same ports and log
 * directory, as an operator restarts a broker.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path properties;
    private final int port;
    private ChildProcess process;
    private int starts;

    private BrokerProcess(Path dir, Path properties, int port) {
        this.dir = dir;
        this.properties = properties;
        this.port = port;
    }

    /** Formats a log directory under {@code work} and starts the node; returns at once ({@link #awaitReady()}). */
    static BrokerProcess launch(Path work) {
        try {
            Path dir = Files.createDirectories(work.resolve("kafka"));
            Path logs = Files.createDirectories(dir.resolve("data"));
            int port = Ports.free();
            int controller = Ports.free();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
            p.put("log.dirs", logs.toString());
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "3");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "3");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 << 20));
            // the inputs are historical: time-based retention must not delete them under the application
            p.put("log.retention.ms", "-1");
            Path properties = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, String> e : p.entrySet()) {
                    w.write(e.getKey() + "=" + e.getValue() + "\n");
                }
            }
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logs.toString())
                    .setDirectories(List.of(logs.toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
            BrokerProcess broker = new BrokerProcess(dir, properties, port);
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker's log directory: " + e.getMessage(), e);
        }
    }

    /** Starts the node on its ports and log directory (again, after {@link #kill()}); returns at once. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker runs already");
        }
        starts++;
        process = ChildProcess.java("broker", List.of("-Xmx768m", "-XX:+UseSerialGC", "-cp",
                Jars.tools().toAbsolutePath().toString(), "kafka.Kafka", properties.toString()),
                dir, dir.resolve("broker.log"));
    }

    /** Returns when the node answers and its broker is registered, or fails with the end of its log. */
    BrokerProcess awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with " + process.exitCode() + "; its log ends with:\n"
                            + process.logTail());
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return this;
                    }
                } catch (Exception e) {
                    // not serving yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker was not ready within " + READY_TIMEOUT
                            + "; its log ends with:\n" + process.logTail());
                }
                Thread.sleep(100); // polling interval of a condition with a deadline
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the broker", e);
        }
    }

    /** After a fault, whatever it was: running and serving, so that the next scenario finds it so. */
    void ensureServing() {
        if (!process.isAlive()) {
            start();
        }
        awaitReady();
    }

    /** SIGTERM: a controlled shutdown (producer state and transaction state written out), as in a rolling restart. */
    void stop() {
        process.stop(Duration.ofSeconds(60));
    }

    /** SIGKILL of the node: its log directory stays for {@link #start()}. */
    void kill() {
        process.kill();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** An admin client whose calls give up soon, so that waits can poll while the broker is down. */
    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    int starts() {
        return starts;
    }

    String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
