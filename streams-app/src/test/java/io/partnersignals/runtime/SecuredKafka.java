package io.partnersignals.runtime;

import io.partnersignals.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft cluster in this JVM whose only client listener is SASL_SSL with
 * SCRAM-SHA-512, set up as an operator would: the broker's TLS key signed by a private CA, the
 * brokers' and the administrator's SCRAM credentials written into the metadata when the storage is
 * formatted ({@code kafka-storage.sh format --add-scram}), and application users created afterwards
 * by the administrator ({@code kafka-configs.sh --alter --add-config SCRAM-SHA-512=...}). Brokers
 * talk to each other over SASL_SSL too; only the controller listener, on loopback, is plain. An
 * authorizer is on: users other than the administrator may do only what ACLs grant them.
 */
final class SecuredKafka implements AutoCloseable {

    static final String MECHANISM = "SCRAM-SHA-512";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private final TestCertificates certificates;
    private final String adminPassword;

    private SecuredKafka(KafkaRaftServer server, Path dataDir, String bootstrapServers, TestCertificates certificates,
                         String adminPassword) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.certificates = certificates;
        this.adminPassword = adminPassword;
    }

    static SecuredKafka start(TestCertificates certificates) throws Exception {
        Path dir = Files.createTempDirectory("partner-signals-secured-kafka-");
        KafkaRaftServer server = null;
        try {
            TestCertificates.ServerKeyStore key = certificates.server("kafka");
            String brokerPassword = TestCertificates.secret();
            String adminPassword = TestCertificates.secret();
            int port = freeLoopbackPort();
            int controllerPort = freeLoopbackPort();
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("inter.broker.listener.name", "SASL_SSL");
            props.put("sasl.enabled.mechanisms", MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
            props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas("broker", brokerPassword));
            props.put("ssl.keystore.type", "PKCS12");
            props.put("ssl.keystore.location", key.location().toString());
            props.put("ssl.keystore.password", key.password());
            props.put("ssl.truststore.type", "PKCS12");
            props.put("ssl.truststore.location", certificates.trustStore.toString());
            props.put("ssl.truststore.password", certificates.trustStorePassword);
            // least privilege: ACLs decide; the brokers and the administrator are super users, and so is the
            // controller listener's ANONYMOUS principal, which only the loopback controller listener can have
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            props.put("super.users", "User:broker;User:admin;User:ANONYMOUS");
            props.put("allow.everyone.if.no.acl.found", "false");
            props.put("log.dirs", dir.toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "3");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "3");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 << 20));
            // the story is stamped months before the wall clock: no time retention (see EmbeddedKafka)
            props.put("log.retention.ms", "-1");
            KafkaConfig config = new KafkaConfig(props, false);
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dir.toString())
                    .setDirectories(List.of(dir.toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setScramArguments(List.of(
                            MECHANISM + "=[name=broker,password=" + brokerPassword + "]",
                            MECHANISM + "=[name=admin,password=" + adminPassword + "]"))
                    .run();
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            SecuredKafka kafka = new SecuredKafka(server, dir, "127.0.0.1:" + port, certificates, adminPassword);
            kafka.awaitBroker();
            return kafka;
        } catch (Exception e) {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            EmbeddedKafka.deleteRecursively(dir);
            throw e;
        }
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** What any client of {@code user} needs besides bootstrap.servers: SASL_SSL, SCRAM-SHA-512, the CA. */
    Map<String, Object> clientSecurity(String user, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.trustStore.toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.trustStorePassword);
        return p;
    }

    Map<String, Object> adminSecurity() {
        return clientSecurity("admin", adminPassword);
    }

    Admin admin(Map<String, Object> security, Duration apiTimeout) {
        Map<String, Object> p = new LinkedHashMap<>(security);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(apiTimeout.toMillis(), 30_000));
        return Admin.create(p);
    }

    /**
     * Creates a SCRAM-SHA-512 user as the administrator does, and returns once that user can
     * authenticate (the broker learns the credential from the metadata log).
     */
    void createUser(String user, String password) throws Exception {
        try (Admin admin = admin(adminSecurity(), READY_TIMEOUT)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all()
                    .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        LiveCluster.await("user " + user + " to authenticate", READY_TIMEOUT, () -> answers(clientSecurity(user, password)));
    }

    /** Grants {@code user} these operations on the resources named by {@code pattern}, as the administrator. */
    void allow(String user, ResourcePattern pattern, AclOperation... operations) throws Exception {
        List<AclBinding> bindings = new java.util.ArrayList<>();
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(pattern, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
        try (Admin admin = admin(adminSecurity(), READY_TIMEOUT)) {
            admin.createAcls(bindings).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Waits until the broker answers the administrator over SASL_SSL and is unfenced. */
    private void awaitBroker() {
        LiveCluster.await("the SASL_SSL broker to serve clients", READY_TIMEOUT, () -> answers(adminSecurity()));
    }

    /** Whether a client with these settings gets the cluster's brokers within a few seconds. */
    boolean answers(Map<String, Object> security) {
        Admin admin = admin(security, Duration.ofSeconds(5));
        try {
            return !admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        EmbeddedKafka.deleteRecursively(dataDir);
    }
}
