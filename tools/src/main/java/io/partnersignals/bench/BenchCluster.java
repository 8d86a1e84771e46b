package io.partnersignals.bench;

import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.embedded.EmbeddedKafka;
import io.partnersignals.embedded.EmbeddedRegistry;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.Replay;
import io.partnersignals.bench.ReplayBenchmark;
import io.partnersignals.runtime.TopicSetup;
import io.partnersignals.topology.TopicNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the live benchmarks run on: the embedded single-node broker and the embedded registry on
 * loopback, with the clients the benchmarks use on them (topics, producers, Avro encoding, the
 * synthetic data set produced to the input topics, waiting for a consumer group to catch up).
 */
final class BenchCluster implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedRegistry registry;
    private final ConfluentRestSchemaRegistry registryClient;
    private final Map<Class<?>, AvroWireSerde<?>> serdes = new HashMap<>();

    private BenchCluster(EmbeddedKafka kafka, EmbeddedRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
        this.registryClient = new ConfluentRestSchemaRegistry(registry.url());
    }

    /** Starts the broker and the registry and returns when both serve clients. */
    static BenchCluster start() {
        // the synthetic events are months old: without this, time-based retention (7 days) deletes
        // input segments under the running application
        EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("log.retention.ms", "-1"));
        try {
            return new BenchCluster(kafka, EmbeddedRegistry.start());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registry.url();
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Creates the application's topics (inputs, outputs, dead letters) as the application would. */
    void createTopics(TopicNames t, int partitions) throws InterruptedException {
        try (Admin admin = admin()) {
            new TopicSetup(t, partitions, (short) 1, true).ensure(admin);
        }
    }

    /**
     * The settings every benchmarked application instance gets: this cluster, the topics, one
     * replica, its own state directory and HTTP port on loopback. Production defaults otherwise.
     */
    Map<String, String> appSettings(String appId, TopicNames t, int partitions, Path stateDir, int httpPort) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        s.put("registry.url", registry.url());
        s.put("application.id", appId);
        s.put("topics.partitions", String.valueOf(partitions));
        s.put("topics.replication-factor", "1");
        s.put("state.dir", stateDir.toString());
        s.put("http.host", "127.0.0.1");
        s.put("http.advertised-host", "127.0.0.1");
        s.put("http.port", String.valueOf(httpPort));
        s.put("topic.partners", t.partners());
        s.put("topic.competitors", t.competitors());
        s.put("topic.crm-activity", t.crmActivity());
        s.put("topic.web-crawl", t.webCrawl());
        s.put("topic.pricing-events", t.pricingEvents());
        s.put("topic.partner-risk", t.partnerRisk());
        s.put("topic.alerts", t.alerts());
        s.put("topic.history", t.history());
        s.put("topic.dead-letters", t.deadLetters());
        s.put("topic.notes", t.notes());
        return s;
    }

    /**
     * Produces a data set written by {@link ReplayBenchmark#generate} to the input topics, keyed by
     * partner (competitors by competitor id), timestamp = event time, reference records one day
     * before the first event. Returns the number of records produced.
     */
    long produceDataSet(Path dir, TopicNames t) throws IOException {
        Instant before = ReplayBenchmark.START.minus(Duration.ofDays(1));
        long produced = 0;
        try (KafkaProducer<String, byte[]> producer = producer(null)) {
            produced += produce(producer, dir, t.partners(), Partner.class, Partner::getPartnerId, p -> before);
            produced += produce(producer, dir, t.competitors(), Competitor.class, Competitor::getCompetitorId, c -> before);
            produced += produce(producer, dir, t.crmActivity(), CrmActivity.class, CrmActivity::getPartnerId,
                    CrmActivity::getOccurredAt);
            produced += produce(producer, dir, t.webCrawl(), CrawlResult.class, CrawlResult::getPartnerId,
                    CrawlResult::getFetchedAt);
            produced += produce(producer, dir, t.pricingEvents(), PricingEvent.class, PricingEvent::getPartnerId,
                    PricingEvent::getOccurredAt);
            producer.flush();
        }
        return produced;
    }

    private <V extends SpecificRecord> long produce(KafkaProducer<String, byte[]> producer, Path dir, String topic,
                                                    Class<V> type, Function<V, String> key,
                                                    Function<V, Instant> time) throws IOException {
        Path file = dir.resolve(Replay.file(topic));
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                V v = JsonRecords.fromJson(line, type);
                producer.send(new ProducerRecord<>(topic, null, time.apply(v).toEpochMilli(), key.apply(v),
                        encode(topic, v)));
                n++;
            }
        }
        return n;
    }

    KafkaProducer<String, byte[]> producer(String transactionalId) {
        return new KafkaProducer<>(producerProps(transactionalId), new StringSerializer(), new ByteArraySerializer());
    }

    KafkaProducer<byte[], byte[]> bytesProducer(String transactionalId) {
        return new KafkaProducer<>(producerProps(transactionalId), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Properties producerProps(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return p;
    }

    /** The value in the Confluent wire format, its schema registered under {@code <topic>-value}. */
    @SuppressWarnings("unchecked")
    synchronized <V extends SpecificRecord> byte[] encode(String topic, V value) {
        AvroWireSerde<V> serde = (AvroWireSerde<V>) serdes.computeIfAbsent(value.getClass(),
                c -> AvroWireSerde.forValue(registryClient, (Class<V>) c));
        return serde.serializer().serialize(topic, value);
    }

    /**
     * Waits until consumer group {@code group} has committed every partition of {@code topics} to its
     * end; {@code alive} is checked on every round (it throws to end the wait, e.g. when the
     * application's process has died). Returns the seconds waited.
     */
    double awaitCaughtUp(String group, List<String> topics, Duration timeout, Runnable alive) throws Exception {
        return awaitCaughtUp(group, topics, timeout, alive, lag -> { });
    }

    /** As above; {@code lag} gets the records not yet committed on every round where the broker answered. */
    double awaitCaughtUp(String group, List<String> topics, Duration timeout, Runnable alive, LongConsumer lag)
            throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
                d.partitions().forEach(p -> ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            return Await.until("group " + group + " to commit the end of " + topics, timeout, () -> {
                alive.run();
                long behind = lag(admin, group, ends);
                if (behind >= 0) {
                    lag.accept(behind);
                }
                return behind == 0;
            });
        }
    }

    /**
     * The records of {@code ends}' partitions that {@code group} has not committed (a partition without a
     * committed offset counts whole); -1 when the broker does not answer this time.
     */
    private static long lag(Admin admin, String group, Map<TopicPartition, OffsetSpec> ends) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long behind = 0;
            for (var e : admin.listOffsets(ends).all().get().entrySet()) {
                long end = e.getValue().offset();
                OffsetAndMetadata c = committed.get(e.getKey());
                behind += Math.max(0, end - (c == null ? 0 : c.offset()));
            }
            return behind;
        } catch (Exception e) {
            return -1; // the group does not exist yet, or the broker is busy: ask again
        }
    }

    /** A port that was free on loopback a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
