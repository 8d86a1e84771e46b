package io.partnersignals.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka cluster in this JVM: one KRaft node that is both broker and controller,
 * listening on 127.0.0.1 only, with its data in a temp directory that {@link #close()} removes.
 *
 * <p>It runs Kafka's own {@link KafkaRaftServer}, the server behind {@code kafka-server-start.sh},
 * formatted like {@code kafka-storage.sh format}. (KafkaClusterTestKit would be shorter, but it
 * pre-binds its listener sockets on the wildcard address, whatever the listeners say.) Internal
 * topics have replication factor 1 and few partitions, and consumer groups start without delay.
 * Needs no JUnit or test classes at run time.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a node with the defaults and returns when it serves clients. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /**
     * Starts a node and returns when it serves clients.
     *
     * @param brokerConfig broker settings on top of the defaults, e.g. {@code log.message.timestamp.after.max.ms}
     */
    public static EmbeddedKafka start(Map<String, ?> brokerConfig) {
        Path dir;
        try {
            dir = Files.createTempDirectory("partner-signals-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the embedded Kafka", e);
        }
        KafkaRaftServer server = null;
        try {
            int brokerPort = freeLoopbackPort();
            int controllerPort = freeLoopbackPort();
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("log.dirs", dir.toString());
            // one node: every internal topic has one replica; few partitions keep start-up quick
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "3");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "3");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 << 20));
            // stories and tests are stamped months before the wall clock: time retention (7 days by default)
            // would delete their input and output segments at the next retention check (every 5 minutes),
            // including input a failed-over task has not read yet
            props.put("log.retention.ms", "-1");
            props.putAll(brokerConfig);
            KafkaConfig config = new KafkaConfig(props, false);

            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dir.toString())
                    .setDirectories(List.of(dir.toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            awaitBroker(bootstrap);
            return new EmbeddedKafka(server, dir, bootstrap);
        } catch (Exception e) {
            stop(server);
            deleteRecursively(dir);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the embedded Kafka did not start: " + e.getMessage(), e);
        }
    }

    /** Waits until the broker answers and is unfenced. */
    private static void awaitBroker(String bootstrap) throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()))) {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("no broker registered within " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        }
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The node's data directory (removed by {@link #close()}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the node down, waits for it, and removes its data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop(server);
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void stop(KafkaRaftServer server) {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago (KRaft needs the controller's port before it starts). */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Removes {@code dir} and everything under it, best effort: what cannot be deleted stays, silently. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temp directory left behind is not worth failing a shutdown for
        }
    }
}
