package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.registry.RegistrySettings;
import io.partnersignals.registry.SchemaRegistryException;
import io.partnersignals.registry.TrustStore;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.runtime.LiveCluster.Input;
import io.partnersignals.topology.Subsequence;
import io.partnersignals.topology.TopicNames;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The live application on a secured deployment, all real parts: a KRaft broker whose only client
 * listener is SASL_SSL with SCRAM-SHA-512 (TLS key signed by a CA made for the run, users created
 * by the administrator, an authorizer with the application's ACLs and nothing more), and Apicurio
 * Registry over HTTPS only with basic auth. The application runs
 * from the shaded jar as its own process; its secrets reach it only through the environment and
 * files named there, never its command line. It must score the story and dead-letter poison pills
 * exactly as on a plain cluster (LiveApplicationIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Path JAR = Path.of("target/partner-signals.jar");
    private static final String APP_USER = "partner-signals";
    private static final String REGISTRY_USER = "partner-signals-app";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SecuredClusterIT.class);

    private final String appPassword = TestCertificates.secret();
    private final String registryPassword = TestCertificates.secret();
    private Path work;
    private TestCertificates certificates;
    private SecuredKafka kafka;
    private SecuredRegistry registry;
    private LiveCluster cluster;
    private List<Input> story;
    private java.time.Instant end;
    private Map<String, String> expected;
    private List<RiskSnapshot> replayHistory;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        assertThat(JAR).as("the shaded jar is built before the integration tests").exists();
        work = Files.createTempDirectory("partner-signals-secured-it");
        certificates = new TestCertificates(work.resolve("tls"));
        kafka = SecuredKafka.start(certificates);
        try {
            kafka.createUser(APP_USER, appPassword);
            grantTheApplication("secured.", "it-secured");
            registry = SecuredRegistry.start(certificates, REGISTRY_USER, registryPassword);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        // the test's own clients: the administrator on Kafka, the application's user on the registry
        ConfluentRestSchemaRegistry registryClient = new ConfluentRestSchemaRegistry(RegistrySettings.of(registry.url())
                .withBasicAuth(REGISTRY_USER + ":" + registryPassword).withTrustStore(certificates.clientTrust()));
        cluster = new LiveCluster(kafka.bootstrapServers(), kafka.adminSecurity(), registryClient, registry, kafka);

        story = LiveCluster.story();
        end = LiveCluster.end(story);
        List<Input> inputs = new ArrayList<>(story);
        inputs.addAll(LiveCluster.ticks(end));
        Path in = LiveCluster.asReplayInput(inputs, work.resolve("replay-in"));
        ReplayReport report = Replay.run(Replay.Options.of(in, end, work.resolve("replay-out"), AppConfig.load(null, Map.of(), Map.of()).topologySettings()));
        replayHistory = new ArrayList<>();
        for (String line : Files.readAllLines(work.resolve("replay-out").resolve("partner.risk.history.jsonl"))) {
            replayHistory.add(JsonRecords.fromJson(line, RiskSnapshot.class));
        }
        expected = new TreeMap<>();
        for (PartnerRisk r : report.finalRisks()) {
            expected.put(r.getPartnerId(), essence(r));
        }
    }

    /**
     * The ACLs the application needs, and no more (docs/operations.md lists them): read its inputs, write its
     * outputs, create its topics (topics.create=true here); its internal topics, consumer group and
     * transactional ids, all named after its application.id.
     */
    private void grantTheApplication(String topicPrefix, String applicationId) throws Exception {
        TopicNames t = LiveCluster.topics(topicPrefix);
        for (String input : List.of(t.partners(), t.competitors(), t.crmActivity(), t.webCrawl(), t.pricingEvents())) {
            kafka.allow(APP_USER, new ResourcePattern(ResourceType.TOPIC, input, PatternType.LITERAL),
                    AclOperation.DESCRIBE, AclOperation.READ);
        }
        for (String output : List.of(t.partnerRisk(), t.alerts(), t.history(), t.deadLetters())) {
            kafka.allow(APP_USER, new ResourcePattern(ResourceType.TOPIC, output, PatternType.LITERAL),
                    AclOperation.DESCRIBE, AclOperation.WRITE);
        }
        // the notes: written by the HTTP API's producer, read whole by every instance's global thread
        kafka.allow(APP_USER, new ResourcePattern(ResourceType.TOPIC, t.notes(), PatternType.LITERAL),
                AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE);
        // versions of the model: read and checked; what passes is written to the accepted topic, read whole by every instance
        kafka.allow(APP_USER, new ResourcePattern(ResourceType.TOPIC, t.model(), PatternType.LITERAL),
                AclOperation.DESCRIBE, AclOperation.READ);
        kafka.allow(APP_USER, new ResourcePattern(ResourceType.TOPIC, t.modelAccepted(), PatternType.LITERAL),
                AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE);
        kafka.allow(APP_USER, new ResourcePattern(ResourceType.TOPIC, topicPrefix, PatternType.PREFIXED), AclOperation.CREATE);
        kafka.allow(APP_USER, new ResourcePattern(ResourceType.TOPIC, applicationId, PatternType.PREFIXED),
                AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.CREATE, AclOperation.DELETE,
                AclOperation.READ, AclOperation.WRITE);
        kafka.allow(APP_USER, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.PREFIXED),
                AclOperation.DESCRIBE, AclOperation.READ);
        kafka.allow(APP_USER, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED),
                AclOperation.DESCRIBE, AclOperation.WRITE);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close(); // the registry, then Kafka
        }
        if (work != null) {
            io.partnersignals.embedded.EmbeddedKafka.deleteRecursively(work);
        }
    }

    private static String essence(PartnerRisk r) {
        return r.getScore() + " " + r.getBand() + " " + r.getModelVersion() + " " + r.getFactors() + " " + r.getReasons();
    }

    private Map<String, String> essences(List<ConsumerRecord<String, PartnerRisk>> records) {
        Map<String, String> e = new TreeMap<>();
        records.forEach(r -> e.put(r.key(), essence(r.value())));
        return e;
    }

    private AvroWireSerde<PartnerRisk> riskSerde() {
        return AvroWireSerde.forValue(cluster.registryClient, PartnerRisk.class);
    }

    // ---- the application as a process, its secrets in its environment and in files --------------------

    /** Settings that are no secret, given on the command line: where things are and how to reach them. */
    private Map<String, String> settings(String appId, TopicNames t, int port) {
        Map<String, String> s = cluster.settings(appId, t, port);
        s.put("kafka.security.protocol", "SASL_SSL");
        s.put("kafka.sasl.mechanism", SecuredKafka.MECHANISM);
        s.put("kafka.ssl.truststore.type", "PKCS12");
        s.put("kafka.ssl.truststore.location", certificates.trustStore.toString());
        s.put("registry.ssl.truststore.type", "PEM");
        s.put("registry.ssl.truststore.location", certificates.caPem.toString());
        return s;
    }

    /** The secrets: the SCRAM login and the registry's user in files, the trust store's password in a variable. */
    private Map<String, String> secrets(String trustStorePassword) throws IOException {
        Path dir = Files.createDirectories(work.resolve("secrets"));
        Path jaas = Files.writeString(dir.resolve("kafka-jaas"), SecuredKafka.jaas(APP_USER, appPassword) + "\n");
        Path userInfo = Files.writeString(dir.resolve("registry-user-info"), REGISTRY_USER + ":" + registryPassword + "\n");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PARTNER_SIGNALS_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString());
        env.put("PARTNER_SIGNALS_REGISTRY_BASIC_AUTH_USER_INFO_FILE", userInfo.toString());
        env.put("PARTNER_SIGNALS_KAFKA_SSL_TRUSTSTORE_PASSWORD", trustStorePassword);
        return env;
    }

    private Process instance(Map<String, String> settings, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-jar", JAR.toString(), "run"));
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        for (String arg : cmd) {
            assertThat(arg).as("a secret on the command line").doesNotContain(appPassword).doesNotContain(registryPassword)
                    .doesNotContain(certificates.trustStorePassword);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start();
    }

    private boolean ready(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- the tests ----------------------------------------------------------------------------------------

    @Test
    void scoresTheStoryAndDeadLettersPoisonPillsOnSaslSslWithTheRegistryOverHttpsAndBasicAuth() throws Exception {
        TopicNames t = LiveCluster.topics("secured.");
        int port = LiveCluster.freePort();
        Path log = work.resolve("secured-instance.log");
        Process app = instance(settings("it-secured", t, port), secrets(certificates.trustStorePassword), log);
        try {
            LiveCluster.await("the instance on the secured cluster to be ready", PATIENCE,
                    () -> ready(port) || !app.isAlive());
            assertThat(app.isAlive()).as("the instance runs; its log:\n%s", tail(log)).isTrue();

            cluster.sendAll(t, story);
            LiveCluster.await("the instance to read the story", PATIENCE, () -> cluster.caughtUp("it-secured", t));
            cluster.sendAll(t, LiveCluster.ticks(end));
            LiveCluster.await("the instance to read the clock ticks", PATIENCE, () -> cluster.caughtUp("it-secured", t));

            // poison pills, stamped at the end of the story so that they cannot move any clock
            Map<String, RecordMetadata> sent = new LinkedHashMap<>();
            try (KafkaProducer<String, byte[]> producer = cluster.producer()) {
                sent.put("garbage", producer.send(new ProducerRecord<>(t.crmActivity(), null, end.toEpochMilli(), "drifter",
                        "definitely not avro".getBytes(StandardCharsets.UTF_8))).get());
                sent.put("unknown schema", producer.send(new ProducerRecord<>(t.webCrawl(), null, end.toEpochMilli(), "prodigal",
                        new byte[] {0, 0, 0, 0x7f, 0x00, 2, 4, 6})).get());
            }
            List<ConsumerRecord<String, byte[]>> dead = cluster.readUntil(t.deadLetters(), cluster.bytes(),
                    rs -> rs.size() >= sent.size(), PATIENCE);
            assertThat(dead).hasSize(sent.size());
            for (Map.Entry<String, RecordMetadata> e : sent.entrySet()) {
                RecordMetadata m = e.getValue();
                assertThat(dead).as(e.getKey()).anySatisfy(d -> {
                    assertThat(header(d, "__streams.errors.topic")).isEqualTo(m.topic());
                    assertThat(header(d, "__streams.errors.partition")).isEqualTo(String.valueOf(m.partition()));
                    assertThat(header(d, "__streams.errors.offset")).isEqualTo(String.valueOf(m.offset()));
                    assertThat(header(d, "__streams.errors.exception")).isNotBlank();
                    assertThat(header(d, "__streams.errors.message")).isNotBlank();
                });
            }
            assertThat(dead).anyMatch(d -> new String(d.value(), StandardCharsets.UTF_8).equals("definitely not avro"));

            // the scores of replay, decoded with the schemas the application registered over HTTPS
            List<ConsumerRecord<String, PartnerRisk>> risks = cluster.readUntil(t.partnerRisk(), riskSerde().deserializer(),
                    rs -> essences(rs).equals(expected), PATIENCE);
            assertThat(essences(risks)).isEqualTo(expected);
            assertThat(essences(risks).get("prodigal")).contains(RiskBand.RED.name());
            List<ConsumerRecord<String, RiskSnapshot>> history = cluster.readAll(t.history(),
                    AvroWireSerde.forValue(cluster.registryClient, RiskSnapshot.class).deserializer());
            assertThat(Subsequence.firstBreak(history.stream().map(ConsumerRecord::value).toList(), replayHistory)).isNull();

            // a note: written by the instance's own producer on SASL_SSL (its ACLs), read back by its global thread
            HttpResponse<String> note = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/partners/prodigal/notes"))
                    .timeout(Duration.ofSeconds(40)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"Secured.\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(note.statusCode()).as("%s; log:\n%s", note.body(), tail(log)).isEqualTo(201);
            LiveCluster.await("the note to be read back", PATIENCE, () -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/api/partners/prodigal/notes")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString()).body().contains("Secured.");
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });

            app.destroy();
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the instance stops on SIGTERM").isTrue();
            String output = Files.readString(log);
            assertThat(output).contains("partner-signals stopped");
            assertThat(output).as("no secret in the log").doesNotContain(appPassword).doesNotContain(registryPassword)
                    .doesNotContain(certificates.trustStorePassword);
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void theApplicationsUserMayDoOnlyWhatItsAclsGrantAndAWrongPasswordIsRefused() throws Exception {
        assertThat(kafka.answers(kafka.clientSecurity(APP_USER, appPassword))).isTrue();
        assertThat(kafka.answers(kafka.clientSecurity(APP_USER, "wrong"))).isFalse();
        try (org.apache.kafka.clients.admin.Admin asApp = kafka.admin(kafka.clientSecurity(APP_USER, appPassword),
                Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> asApp.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("unrelated", 1,
                    (short) 1))).all().get()).hasCauseInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
            asApp.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("secured.allowed", 1, (short) 1))).all().get();
        }
    }

    @Test
    void theRegistryRefusesRequestsWithoutTheRightUserOrWithoutTls() {
        TrustStore trust = certificates.clientTrust();
        ConfluentRestSchemaRegistry anonymous = new ConfluentRestSchemaRegistry(RegistrySettings.of(registry.url())
                .withTrustStore(trust));
        assertThatThrownBy(() -> anonymous.register("anonymous-value", CrmActivity.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        ConfluentRestSchemaRegistry wrongPassword = new ConfluentRestSchemaRegistry(RegistrySettings.of(registry.url())
                .withBasicAuth(REGISTRY_USER + ":wrong").withTrustStore(trust));
        assertThatThrownBy(() -> wrongPassword.register("wrong-value", CrmActivity.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        // without the CA the server's certificate is not trusted
        ConfluentRestSchemaRegistry untrusted = new ConfluentRestSchemaRegistry(RegistrySettings.of(registry.url())
                .withBasicAuth(REGISTRY_USER + ":" + registryPassword));
        assertThatThrownBy(() -> untrusted.register("untrusted-value", CrmActivity.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("failed");
        // plain HTTP is not served at all on the registry's port
        ConfluentRestSchemaRegistry plain = new ConfluentRestSchemaRegistry(RegistrySettings.of(
                "http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7").withBasicAuth(REGISTRY_USER + ":" + registryPassword));
        assertThatThrownBy(() -> plain.register("plain-value", CrmActivity.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void mistakesInTheSecuritySettingsStopStartUpWithWhatToFix() throws Exception {
        TopicNames t = LiveCluster.topics("mistaken.");
        Path log = work.resolve("wrong-password.log");
        Process app = instance(settings("it-mistaken", t, LiveCluster.freePort()), secrets("not-the-password"), log);
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the instance stops").isTrue();
        assertThat(app.exitValue()).as("exit code; log:\n%s", tail(log)).isEqualTo(2);
        assertThat(Files.readString(log)).contains("kafka.ssl.truststore.location = '" + certificates.trustStore + "'")
                .contains("environment PARTNER_SIGNALS_KAFKA_SSL_TRUSTSTORE_PASSWORD").contains("password")
                .doesNotContain("not-the-password");

        // the registry's trust store, in process: same check, same kind of message
        Map<String, String> missing = settings("it-mistaken", t, LiveCluster.freePort());
        missing.put("registry.ssl.truststore.location", work.resolve("no-such-ca.pem").toString());
        missing.put("kafka.ssl.truststore.password", certificates.trustStorePassword);
        assertThatThrownBy(() -> new LiveApplication(AppConfig.load(null, Map.of(), missing)))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("registry.ssl.truststore.location").hasMessageContaining("no-such-ca.pem")
                .hasMessageContaining("does not exist");

        // Kafka refuses the application's password, or its ACLs do not let it create its topics
        Map<String, String> wrongLogin = settings("it-wrong-login", LiveCluster.topics("secured."), LiveCluster.freePort());
        wrongLogin.put("kafka.sasl.jaas.config", SecuredKafka.jaas(APP_USER, "wrong"));
        wrongLogin.put("kafka.ssl.truststore.password", certificates.trustStorePassword);
        try (LiveApplication instance = new LiveApplication(AppConfig.load(null, Map.of(), wrongLogin))) {
            assertThatThrownBy(instance::start).isInstanceOf(AppConfig.ConfigException.class)
                    .hasMessageContaining("SaslAuthenticationException").hasMessageContaining("kafka.sasl.jaas.config");
        }
        Map<String, String> forbidden = settings("it-forbidden", LiveCluster.topics("forbidden."), LiveCluster.freePort());
        forbidden.put("kafka.sasl.jaas.config", SecuredKafka.jaas(APP_USER, appPassword));
        forbidden.put("kafka.ssl.truststore.password", certificates.trustStorePassword);
        try (LiveApplication instance = new LiveApplication(AppConfig.load(null, Map.of(), forbidden))) {
            assertThatThrownBy(instance::start).isInstanceOf(AppConfig.ConfigException.class)
                    .hasMessageContaining("may not create topics").hasMessageContaining("forbidden.partners")
                    .hasMessageContaining("topics.create=false");
        }

        // the registry refuses the application's user: a configuration mistake at start, before any record
        Map<String, String> refused = settings("it-refused", LiveCluster.topics("secured."), LiveCluster.freePort());
        refused.put("kafka.sasl.jaas.config", SecuredKafka.jaas(APP_USER, appPassword));
        refused.put("kafka.ssl.truststore.password", certificates.trustStorePassword);
        refused.put("registry.basic-auth-user-info", REGISTRY_USER + ":wrong");
        try (LiveApplication instance = new LiveApplication(AppConfig.load(null, Map.of(), refused))) {
            assertThatThrownBy(instance::start).isInstanceOf(AppConfig.ConfigException.class)
                    .hasMessageContaining("refused").hasMessageContaining("HTTP 401")
                    .hasMessageContaining("registry.basic-auth-user-info");
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
