package io.partnersignals.runtime;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.http.HttpApi;
import io.partnersignals.http.HttpSettings;
import io.partnersignals.http.StreamsRiskView;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.SchemaRegistry;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.registry.RegistrySettings;
import io.partnersignals.registry.SchemaRegistryException;
import io.partnersignals.topology.PartnerSignalsTopology;
import io.partnersignals.topology.ScoringMetrics;
import io.partnersignals.topology.Topics;
import io.partnersignals.topology.TopologySettings;
import io.partnersignals.topology.UnwritableRecords;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live application: the topology on a Kafka cluster, with the registry, topic checks,
 * production defaults, metrics and the HTTP endpoints of this instance.
 */
public final class LiveApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveApplication.class);

    private final AppConfig config;
    private final TopologySettings settings;
    private final HostInfo advertised;
    private final HttpSettings httpSettings;
    private final Properties properties;
    private final RegistryOutage registryOutage;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ScoringMetrics scoringMetrics = new ScoringMetrics(meters);
    private final UnwritableRecords unwritable = new UnwritableRecords();
    private final ThreadFailures failures;
    private final Duration stallTimeout;
    private KafkaStreams streams;
    private Deserializer<PartnerRisk> riskValues;
    private KafkaStreamsMetrics streamsMetrics;
    private AutoCloseable http;
    private KafkaNoteWriter notes;
    private ApplicationHealth health;
    private volatile boolean failed;

    /** Checks the whole configuration; a mistake throws {@link AppConfig.ConfigException} before anything starts. */
    public LiveApplication(AppConfig config) {
        this.config = config;
        this.settings = config.topologySettings();
        this.advertised = advertisedHost(config);
        this.httpSettings = config.httpSettings();
        this.properties = streamsProperties(config, advertised, scoringMetrics, unwritable);
        this.failures = new ThreadFailures(unwritable, config.intValue("runtime.max-thread-replacements"),
                config.durationValue("runtime.thread-replacement-window"), System::currentTimeMillis);
        this.stallTimeout = config.durationValue("health.stall-timeout");
        new TopicSetup(settings.topics(), config.intValue("topics.partitions"),
                (short) config.intValue("topics.replication-factor"), config.boolValue("topics.create"));
        this.registryOutage = new RegistryOutage(config, properties);
        // Kafka would only say so at its first connection, in a stack trace: check the trust store now
        config.trustStore("kafka.ssl.truststore", "JKS");
    }

    /** Where the registry is, how to authenticate and, for https, what to trust. */
    static RegistrySettings registrySettings(AppConfig config) {
        try {
            return RegistrySettings.of(config.get("registry.url"), config.get("registry.basic-auth-user-info"),
                    config.get("registry.bearer-token")).withTrustStore(config.trustStore("registry.ssl.truststore", null));
        } catch (IllegalArgumentException e) {
            throw new AppConfig.ConfigException("registry settings: " + e.getMessage());
        }
    }

    /** Safe production defaults, then every kafka.* setting on top. */
    static Properties streamsProperties(AppConfig config, HostInfo advertised, ScoringMetrics metrics,
                                        UnwritableRecords unwritable) {
        // declared as at least 16k and below 2g
        long maxDeadLetter = config.bytesValue("dead-letters.max-bytes");
        Properties p = PartnerSignalsTopology.errorHandling(config.topologySettings().topics(), (int) maxDeadLetter,
                metrics, unwritable);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("application.id"));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        // no producer compression by default: lz4 cuts the bytes written to Kafka to about a quarter
        // (bench-live: 686 -> 192 bytes per input, with 256 KiB batches), but a consumer of the output
        // topics on KafkaJS cannot read lz4 without a codec plugin (LiveApplicationIT's KafkaJS
        // consumer). kafka.producer.compression.type=lz4 and kafka.producer.batch.size=262144 turn it on
        // a restore replays one small record per fact change: larger polls restore faster
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 10_000);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        // window stores checkpoint by file, so that a clean stop leaves an offset for every store
        p.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, CheckpointedWindowStores.class);
        p.put(BoundedRocksDb.MEMORY_BYTES, config.bytesValue("rocksdb.memory"));
        p.put(BoundedRocksDb.WRITE_BUFFER_SHARE, config.doubleValue("rocksdb.write-buffer-share"));
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
        int rf = config.intValue("topics.replication-factor");
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, rf);
        if (!config.get("state.dir").isBlank()) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, config.get("state.dir"));
        }
        for (Map.Entry<String, String> e : config.kafkaProperties().entrySet()) {
            p.put(e.getKey(), e.getValue());
        }
        return p;
    }

    private static HostInfo advertisedHost(AppConfig config) {
        String host = config.get("http.advertised-host");
        if (host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return new HostInfo(host, config.intValue("http.port"));
    }

    /** Decodes a value of the risk store: the bytes of a partner.risk record. Usable once started. */
    public PartnerRisk risk(byte[] stored) {
        return riskValues.deserialize(settings.topics().partnerRisk(), stored);
    }

    /** Checks the state directory and the topics, builds the topology and starts the streams and the HTTP endpoints. */
    public void start() throws InterruptedException {
        StateDirectoryCheck.check(StateDirectoryCheck.directory(config), config.bytesValue("state.min-free-space"));
        // the admin client of Kafka Streams' own: every kafka.* setting that applies to it, security included
        Map<String, Object> adminConfig = new StreamsConfig(properties).getAdminConfigs(config.get("application.id") + "-setup");
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(adminConfig)) {
            new TopicSetup(settings.topics(), config.intValue("topics.partitions"),
                    (short) config.intValue("topics.replication-factor"), config.boolValue("topics.create")).ensure(admin);
        }
        // one call without waiting for outages: wrong credentials are a mistake to name now, not an outage to wait out
        checkRegistryLogin(new ConfluentRestSchemaRegistry(registryOutage.settings()));
        SchemaRegistry registry = registryOutage.registry();
        registryOutage.bindTo(meters);
        riskValues = AvroWireSerde.forValue(registry, PartnerRisk.class).deserializer();
        registerModelSchema(registry);
        Topology topology = PartnerSignalsTopology.build(settings, registry, properties, scoringMetrics);
        LOG.info("topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(e -> {
            if (RegistryOutage.isCause(e)) {
                // no crash: the schema registry did not answer; pause until it does, then read again from the last commit
                LOG.warn("stream thread stopped: the schema registry does not answer; processing paused until it does");
                registryOutage.pauseUntilAnswered(streams::pause, streams::resume);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            return failures.handle(e);
        });
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR) {
                // nothing in this instance processes any more: stop, so that a supervisor starts it again
                LOG.error("Kafka Streams is in ERROR{}; the instance stops",
                        failures.stopReason().map(r -> " (" + r + ")").orElse(""));
                failed = true;
                Thread stopper = new Thread(this::close, "partner-signals-stop-on-error");
                stopper.setDaemon(true);
                stopper.start();
            }
        });
        streams.setGlobalStateRestoreListener(new StoreRestores(meters));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        streams.start();
        // every instance answers for all: application.server tells the others where this one listens
        health = new ApplicationHealth(streams, failures, stallTimeout, System::currentTimeMillis,
                () -> registryOutage.reachability().state().problem());
        Topics topics = new Topics(settings.topics(), registry);
        Deserializer<PartnerNote> noteValues = topics.notes.valueSerde().deserializer();
        notes = KafkaNoteWriter.create(new StreamsConfig(properties), config.get("application.id"), topics.notes);
        http = HttpApi.start(httpSettings, new StreamsRiskView(streams, advertised, this::risk,
                bytes -> noteValues.deserialize(topics.notes.name(), bytes)), health, meters, notes);
        LOG.info("partner-signals {} started; application.server={}:{}", config.get("application.id"),
                advertised.host(), advertised.port());
    }

    /**
     * Registers ModelSettings under the model topic's value subject, as the application's own topics get
     * their schemas, so that whoever publishes a model version can write with that schema's id. A refusal
     * (another version registered already, under rules that keep it) does not stop the application.
     */
    private void registerModelSchema(SchemaRegistry registry) {
        String subject = AvroWireSerde.subject(settings.topics().model(), false);
        try {
            registry.register(subject, AvroWireSerde.forValue(registry, ModelSettings.class).registeredSchema());
        } catch (RuntimeException e) {
            LOG.warn("could not register the ModelSettings schema under {}: {}", subject, e.getMessage());
        }
    }

    /**
     * A registry that refuses this application's credentials is a configuration mistake: say so at
     * start, not at the first record. Any other answer (not registered yet, unreachable) is left to
     * the serdes.
     */
    private void checkRegistryLogin(ConfluentRestSchemaRegistry registry) {
        try {
            registry.lookup(AvroWireSerde.subject(settings.topics().partnerRisk(), false), PartnerRisk.getClassSchema());
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 401 || e.httpStatus() == 403) {
                throw new AppConfig.ConfigException("the schema registry " + registry.settings().url() + " refused this "
                        + "application's credentials (HTTP " + e.httpStatus() + "); fix registry.basic-auth-user-info "
                        + "(user:password) or registry.bearer-token");
            }
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Whether the schema registry answers ({@code registryOutage().reachability()}), and how outages are waited out. */
    public RegistryOutage registryOutage() {
        return registryOutage;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public HostInfo advertised() {
        return advertised;
    }

    public AppConfig config() {
        return config;
    }

    public TopologySettings settings() {
        return settings;
    }

    /** True when the instance stopped itself on an error (Kafka Streams in ERROR): the process should exit non-zero. */
    public boolean failed() {
        return failed;
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        closeCleanly();
    }

    /**
     * Stops the HTTP endpoints, then Kafka Streams within {@code shutdown.timeout}: every task commits
     * and its stores record their changelog offsets, so that a restart on the same state directory
     * restores nothing it already has. Returns false when the deadline passed first (the stores of
     * unfinished tasks are then restored from their changelogs on the next start).
     */
    public boolean closeCleanly() {
        if (closed.getCount() == 0) {
            return true;
        }
        try {
            if (http != null) {
                http.close();
            }
        } catch (Exception e) {
            LOG.warn("closing the HTTP endpoints failed", e);
        }
        if (notes != null) {
            notes.close();
        }
        registryOutage.close();
        boolean clean = true;
        if (streams != null) {
            clean = closeStreams();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        meters.close();
        closed.countDown();
        LOG.info("partner-signals stopped");
        return clean;
    }

    private boolean closeStreams() {
        Duration deadline = config.durationValue("shutdown.timeout");
        boolean leave = config.boolValue("shutdown.leave-group");
        // leaving the group hands this instance's tasks to the others at once (a standby takes over) and
        // lets a restarted instance join without waiting for its old member's session to time out
        CloseOptions options = CloseOptions.timeout(deadline).withGroupMembershipOperation(leave
                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
        LOG.info("stopping Kafka Streams (state {}): shutdown.timeout={} s, {}", streams.state(), deadline.toSeconds(),
                leave ? "leaving the group" : "staying in the group until the session times out");
        long t0 = System.nanoTime();
        boolean clean = streams.close(options);
        String seconds = String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
        if (clean) {
            LOG.info("Kafka Streams stopped cleanly in {} s: every task committed and its stores recorded their "
                    + "changelog offsets", seconds);
        } else {
            LOG.error("Kafka Streams did not stop within shutdown.timeout ({} s); the stores of the tasks still open "
                    + "will be restored from their changelogs on the next start. Raise shutdown.timeout (and the "
                    + "supervisor's grace period above it) if this repeats", deadline.toSeconds());
        }
        return clean;
    }
}
