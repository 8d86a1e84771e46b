package io.partnersignals.runtime;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.http.Health;
import io.partnersignals.http.HttpApi;
import io.partnersignals.http.HttpSettings;
import io.partnersignals.http.StreamsRiskView;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.registry.RegistrySettings;
import io.partnersignals.topology.PartnerSignalsTopology;
import io.partnersignals.topology.ScoringMetrics;
import io.partnersignals.topology.TopologySettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
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
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch closed = new CountDownLatch(1);
    private KafkaStreams streams;
    private Deserializer<PartnerRisk> riskValues;
    private KafkaStreamsMetrics streamsMetrics;
    private AutoCloseable http;

    /** Checks the whole configuration; a mistake throws {@link AppConfig.ConfigException} before anything starts. */
    public LiveApplication(AppConfig config) {
        this.config = config;
        this.settings = config.topologySettings();
        this.advertised = advertisedHost(config);
        this.httpSettings = config.httpSettings();
        this.properties = streamsProperties(config, advertised);
        new TopicSetup(settings.topics(), config.intValue("topics.partitions"),
                (short) config.intValue("topics.replication-factor"), config.boolValue("topics.create"));
        RegistrySettings.of(config.get("registry.url"));
    }

    /** Safe production defaults, then every kafka.* setting on top. */
    static Properties streamsProperties(AppConfig config, HostInfo advertised) {
        Properties p = PartnerSignalsTopology.errorHandling(config.topologySettings().topics());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("application.id"));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        // no producer compression by default: lz4 cuts the bytes written to Kafka to about a quarter
        // (bench-live: 686 -> 192 bytes per input, with 256 KiB batches), but a consumer of the output
        // topics on KafkaJS cannot read lz4 without a codec plugin (LiveApplicationIT's KafkaJS
        // consumer). kafka.producer.compression.type=lz4 and kafka.producer.batch.size=262144 turn it on
        // a restore replays one small record per fact change: larger polls restore faster
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 10_000);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DefaultProductionExceptionHandler.class);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
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
        int port = config.intValue("http.port");
        if (port < 0 || port > 65535) {
            throw new AppConfig.ConfigException("http.port must be 0-65535, got " + port);
        }
        return new HostInfo(host, port);
    }

    /** Decodes a value of the risk store: the bytes of a partner.risk record. Usable once started. */
    public PartnerRisk risk(byte[] stored) {
        return riskValues.deserialize(settings.topics().partnerRisk(), stored);
    }

    /** Checks the topics, builds the topology and starts the streams and the HTTP endpoints. */
    public void start() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                properties.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            new TopicSetup(settings.topics(), config.intValue("topics.partitions"),
                    (short) config.intValue("topics.replication-factor"), config.boolValue("topics.create")).ensure(admin);
        }
        RegistrySettings registrySettings = RegistrySettings.of(config.get("registry.url"),
                config.get("registry.basic-auth-user-info"), config.get("registry.bearer-token"));
        ConfluentRestSchemaRegistry registry = new ConfluentRestSchemaRegistry(registrySettings);
        riskValues = AvroWireSerde.forValue(registry, PartnerRisk.class).deserializer();
        Topology topology = PartnerSignalsTopology.build(settings, registry, properties, new ScoringMetrics(meters));
        LOG.info("topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, properties);
        // a failed stream thread is replaced; the dead-letter handlers have already kept the bad record
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("streams state {} -> {}", before, now));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        streams.start();
        // every instance answers for all: application.server tells the others where this one listens
        http = HttpApi.start(httpSettings, new StreamsRiskView(streams, advertised, this::risk),
                Health.following(streams::state), meters);
        LOG.info("partner-signals {} started; application.server={}:{}", config.get("application.id"),
                advertised.host(), advertised.port());
    }

    public KafkaStreams streams() {
        return streams;
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

    /** Blocks until {@link #close()} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            if (http != null) {
                http.close();
            }
        } catch (Exception e) {
            LOG.warn("closing the HTTP endpoints failed", e);
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        meters.close();
        closed.countDown();
        LOG.info("partner-signals stopped");
    }
}
