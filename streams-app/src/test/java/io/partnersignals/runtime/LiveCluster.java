package io.partnersignals.runtime;

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
import io.partnersignals.topology.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A real single-node KRaft broker and a real Apicurio Registry for the integration tests, with
 * the story as data and the small tools the tests need: produce, read committed output, wait for
 * an application to catch up, pick free ports. Either the plain embedded pair, or any cluster and
 * registry given with the security settings its clients need (SecuredClusterIT).
 */
final class LiveCluster implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final Path STORY = Path.of("../examples/story");

    /** The plain embedded broker and registry; null on a cluster given to the constructor with security. */
    final EmbeddedKafka kafka;
    final EmbeddedRegistry registry;
    final ConfluentRestSchemaRegistry registryClient;
    final Path work;
    private final String bootstrapServers;
    private final String registryUrl;
    /** Settings every test client gets besides bootstrap.servers (security.protocol, sasl.*, ssl.*). */
    private final Map<String, Object> clientSecurity;
    private final List<AutoCloseable> parts;
    private final Map<Class<?>, AvroWireSerde<?>> serdes = new HashMap<>();

    LiveCluster() throws IOException {
        kafka = EmbeddedKafka.start();
        try {
            registry = EmbeddedRegistry.start();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        registryClient = new ConfluentRestSchemaRegistry(registry.url());
        work = Files.createTempDirectory("partner-signals-it");
        bootstrapServers = kafka.bootstrapServers();
        registryUrl = registry.url();
        clientSecurity = Map.of();
        parts = List.of(registry, kafka);
    }

    /** A cluster and registry started elsewhere; {@code parts} are closed, in order, by {@link #close()}. */
    LiveCluster(String bootstrapServers, Map<String, Object> clientSecurity, ConfluentRestSchemaRegistry registryClient,
                AutoCloseable... parts) throws IOException {
        this.kafka = null;
        this.registry = null;
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = Map.copyOf(clientSecurity);
        this.registryClient = registryClient;
        this.registryUrl = registryClient.settings().url();
        this.parts = List.of(parts);
        work = Files.createTempDirectory("partner-signals-it");
    }

    static TopicNames topics(String prefix) {
        TopicNames d = TopicNames.defaults();
        return new TopicNames(prefix + d.partners(), prefix + d.competitors(), prefix + d.crmActivity(),
                prefix + d.webCrawl(), prefix + d.pricingEvents(), prefix + d.partnerRisk(), prefix + d.alerts(),
                prefix + d.history(), prefix + d.deadLetters(),
                prefix + d.notes(), prefix + d.model(), prefix + d.modelAccepted());
    }

    /** Settings of one instance, as --set pairs: its own topics, state directory and HTTP port. */
    Map<String, String> settings(String appId, TopicNames t, int httpPort) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrap.servers", bootstrapServers);
        o.put("registry.url", registryUrl);
        o.put("application.id", appId);
        o.put("topics.partitions", String.valueOf(PARTITIONS));
        o.put("topics.replication-factor", "1");
        o.put("kafka.num.standby.replicas", "0");
        // wait for every input partition of a task to have data before picking the next record by time
        o.put("kafka.max.task.idle.ms", "2000");
        o.put("state.dir", work.resolve(appId + "-" + httpPort).toString());
        o.put("http.host", "127.0.0.1");
        o.put("http.advertised-host", "127.0.0.1");
        o.put("http.port", String.valueOf(httpPort));
        // the events are historical: only event time moves the scoring clock
        o.put("scoring.idle-advance", "false");
        o.put("topic.partners", t.partners());
        o.put("topic.competitors", t.competitors());
        o.put("topic.crm-activity", t.crmActivity());
        o.put("topic.web-crawl", t.webCrawl());
        o.put("topic.pricing-events", t.pricingEvents());
        o.put("topic.partner-risk", t.partnerRisk());
        o.put("topic.alerts", t.alerts());
        o.put("topic.history", t.history());
        o.put("topic.dead-letters", t.deadLetters());
        o.put("topic.notes", t.notes());
        o.put("topic.model", t.model());
        o.put("topic.model-accepted", t.modelAccepted());
        return o;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the story -----------------------------------------------------------------------------

    /** An input record: the topic it goes to (by its contract name) and its value. */
    record Input(String kind, String key, Instant at, SpecificRecord value) {}

    static List<Input> story() throws IOException {
        List<Input> events = new ArrayList<>();
        for (CrmActivity a : read("crm.activity.jsonl", CrmActivity.class)) {
            events.add(new Input("crm", a.getPartnerId(), a.getOccurredAt(), a));
        }
        for (CrawlResult c : read("web.crawl.jsonl", CrawlResult.class)) {
            events.add(new Input("crawl", c.getPartnerId(), c.getFetchedAt(), c));
        }
        for (PricingEvent e : read("pricing.events.jsonl", PricingEvent.class)) {
            events.add(new Input("pricing", e.getPartnerId(), e.getOccurredAt(), e));
        }
        events.sort(Comparator.comparing(Input::at));
        // reference records just before the first event, so that Kafka Streams, which picks records by
        // timestamp, reads them first, as replay does
        Instant before = events.get(0).at().minus(Duration.ofDays(1));
        List<Input> all = new ArrayList<>();
        for (Partner p : read("partners.jsonl", Partner.class)) {
            all.add(new Input("partners", p.getPartnerId(), before, p));
        }
        for (Competitor c : read("competitors.jsonl", Competitor.class)) {
            all.add(new Input("competitors", c.getCompetitorId(), before, c));
        }
        all.addAll(events);
        return all;
    }

    private static <T extends SpecificRecord> List<T> read(String file, Class<T> type) throws IOException {
        try (Stream<String> lines = Files.lines(STORY.resolve(file))) {
            return lines.filter(l -> !l.isBlank()).map(l -> JsonRecords.fromJson(l, type)).toList();
        }
    }

    /** Midnight two days after the story's last event: where every test run ends the clock. */
    static Instant end(List<Input> story) {
        Instant last = story.stream().map(Input::at).max(Comparator.naturalOrder()).orElseThrow();
        return last.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(2));
    }

    /**
     * One clock tick per partition at {@code at}: a MEETING of a made-up partner whose key lands on
     * that partition. It changes no state but moves every task's clock to the same instant.
     */
    static List<Input> ticks(Instant at) {
        List<Input> ticks = new ArrayList<>();
        Set<Integer> covered = new TreeSet<>();
        for (int i = 0; covered.size() < PARTITIONS; i++) {
            String key = "clock-" + i;
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (covered.add(partition)) {
                ticks.add(new Input("crm", key, at, CrmActivity.newBuilder().setActivityId("tick-" + key)
                        .setPartnerId(key).setOccurredAt(at).setType(io.partnersignals.contract.ActivityType.MEETING)
                        .setDirection(io.partnersignals.contract.Direction.OUTBOUND).build()));
            }
        }
        return ticks;
    }

    /** Writes the inputs as replay files, so the replay reads exactly what the live run read. */
    static Path asReplayInput(List<Input> inputs, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> files = Map.of("partners", "partners.jsonl", "competitors", "competitors.jsonl",
                "crm", "crm.activity.jsonl", "crawl", "web.crawl.jsonl", "pricing", "pricing.events.jsonl");
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Input in : inputs) {
            lines.computeIfAbsent(files.get(in.kind()), f -> new ArrayList<>()).add(JsonRecords.toLine(in.value()));
        }
        for (Map.Entry<String, List<String>> e : lines.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    // ---- producing and reading ------------------------------------------------------------------

    static String topicOf(TopicNames t, String kind) {
        return switch (kind) {
            case "partners" -> t.partners();
            case "competitors" -> t.competitors();
            case "crm" -> t.crmActivity();
            case "crawl" -> t.webCrawl();
            case "pricing" -> t.pricingEvents();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.putAll(clientSecurity);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @SuppressWarnings("unchecked")
    <V extends SpecificRecord> byte[] encode(String topic, V value) {
        AvroWireSerde<V> serde = (AvroWireSerde<V>) serdes.computeIfAbsent(value.getClass(),
                c -> AvroWireSerde.forValue(registryClient, (Class<V>) c));
        return serde.serializer().serialize(topic, value);
    }

    RecordMetadata send(KafkaProducer<String, byte[]> producer, TopicNames t, Input in) {
        String topic = topicOf(t, in.kind());
        long ts = in.at().toEpochMilli();
        try {
            return producer.send(new ProducerRecord<>(topic, null, ts, in.key(), encode(topic, in.value()))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    void sendAll(TopicNames t, List<Input> inputs) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Input in : inputs) {
                send(producer, t, in);
            }
        }
    }

    /** Reads a topic from the start with read_committed until {@code done} holds, or fails at the deadline. */
    <V> List<ConsumerRecord<String, V>> readUntil(String topic, Deserializer<V> values,
                                                  Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientSecurity);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (!done.test(seen)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " reading " + topic + "; read " + seen.size()
                            + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    /** Every committed record of a topic; transaction markers take offsets too, so it reads up to the end positions. */
    <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Properties p = new Properties();
        p.putAll(clientSecurity);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> request = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(i -> new TopicPartition(topic, i.partition()), i -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                    admin.listOffsets(request).all().get().entrySet()) {
                ends.put(e.getKey(), e.getValue().offset());
            }
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic, e);
        }
    }

    /** Whether the application's consumer group has committed every input partition up to its end. */
    boolean caughtUp(String appId, TopicNames t) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get();
            for (String topic : List.of(t.partners(), t.crmActivity(), t.webCrawl(), t.pricingEvents())) {
                for (Map.Entry<TopicPartition, Long> e : endOffsets(topic).entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    Admin admin() {
        Map<String, Object> p = new HashMap<>(clientSecurity);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(p);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(100); // polling interval of a condition with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    Deserializer<byte[]> bytes() {
        return new ByteArrayDeserializer();
    }

    @Override
    public void close() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                e.printStackTrace(); // stop the other parts all the same
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temp files
        }
    }
}
