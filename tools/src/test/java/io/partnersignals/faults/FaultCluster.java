package io.partnersignals.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersignals.embedded.EmbeddedKafka;
import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.topology.TopicNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the faults act on: a KRaft broker and Apicurio Registry, each a child process that can be
 * killed, paused and started again, with the clients the scenarios need (Avro encoding, also with
 * schema variants the application has never seen, producing, reading committed output, waiting for
 * a consumer group to catch up).
 */
final class FaultCluster implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final Duration PATIENCE = Duration.ofSeconds(180);

    /** Where the child processes' logs are kept after the run, for a look after a failure. */
    static final Path LOGS = Path.of("target/fault-logs");

    final String name;
    final Path work;
    final BrokerProcess broker;
    final RegistryProcess registry;
    final ConfluentRestSchemaRegistry registryClient;
    private final Map<Class<?>, AvroWireSerde<?>> serdes = new ConcurrentHashMap<>();
    /** Schema id of each (topic, variant), variant 0 being the generated class's own schema. */
    private final Map<String, Integer> variantIds = new ConcurrentHashMap<>();

    private FaultCluster(String name, Path work, BrokerProcess broker, RegistryProcess registry) {
        this.name = name;
        this.work = work;
        this.broker = broker;
        this.registry = registry;
        this.registryClient = new ConfluentRestSchemaRegistry(registry.url());
    }

    /** Starts both side by side and returns when both serve clients. */
    static FaultCluster start(String name) throws IOException {
        Path work = Files.createTempDirectory("partner-signals-faults-" + name + "-");
        BrokerProcess broker = BrokerProcess.launch(work);
        RegistryProcess registry = null;
        try {
            registry = RegistryProcess.launch(work);
            broker.awaitReady();
            registry.awaitReady();
            return new FaultCluster(name, work, broker, registry);
        } catch (RuntimeException e) {
            broker.close();
            if (registry != null) {
                registry.close();
            }
            throw e;
        }
    }

    static TopicNames topics(String prefix) {
        TopicNames d = TopicNames.defaults();
        return new TopicNames(prefix + d.partners(), prefix + d.competitors(), prefix + d.crmActivity(),
                prefix + d.webCrawl(), prefix + d.pricingEvents(), prefix + d.partnerRisk(), prefix + d.alerts(),
                prefix + d.history(), prefix + d.deadLetters(),
                prefix + d.notes());
    }

    /** Settings of one instance, as --set pairs: its own topics, state directory and HTTP port. */
    Map<String, String> settings(String appId, TopicNames t, int httpPort) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrap.servers", broker.bootstrapServers());
        o.put("registry.url", registry.url());
        o.put("application.id", appId);
        o.put("topics.partitions", String.valueOf(PARTITIONS));
        o.put("topics.replication-factor", "1");
        o.put("kafka.num.standby.replicas", "0");
        // wait for every input partition of a task to have data before picking the next record by time
        o.put("kafka.max.task.idle.ms", "2000");
        o.put("state.dir", work.resolve("state").resolve(appId + "-" + httpPort).toString());
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
        return o;
    }

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

    // ---- encoding -------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> AvroWireSerde<V> serde(Class<V> type) {
        return (AvroWireSerde<V>) serdes.computeIfAbsent(type, c -> AvroWireSerde.forValue(registryClient, (Class<V>) c));
    }

    /** The value in the Confluent wire format with the class's own schema. */
    @SuppressWarnings("unchecked")
    <V extends SpecificRecord> byte[] encode(String topic, V value) {
        return serde((Class<V>) value.getClass()).serializer().serialize(topic, value);
    }

    /**
     * Registers, for every input topic of {@code t}, a writer schema the application has never seen:
     * the class's schema plus an optional field {@code faultVariant<n>} at the end. Needs the registry.
     */
    void registerVariant(TopicNames t, int variant, List<Input> examples) {
        Map<String, SpecificRecord> byTopic = new LinkedHashMap<>();
        for (Input in : examples) {
            byTopic.putIfAbsent(topicOf(t, in.kind()), in.value());
        }
        byTopic.forEach((topic, value) -> variantIds.computeIfAbsent(topic + "#" + variant, k -> {
            Schema schema = variantSchema(serde(value.getClass()).registeredSchema(), variant);
            return registryClient.register(AvroWireSerde.subject(topic, false), schema);
        }));
    }

    private static Schema variantSchema(Schema base, int variant) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = (ObjectNode) json.readTree(base.toString());
            ObjectNode field = ((ArrayNode) root.get("fields")).addObject();
            field.put("name", "faultVariant" + variant);
            field.putArray("type").add("null").add("string");
            field.putNull("default");
            return new Schema.Parser().parse(root.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value written with variant {@code variant} of its schema (0: the class's own): the same
     * Avro body plus the null branch of the added field, under the variant's schema id.
     */
    <V extends SpecificRecord> byte[] encode(String topic, V value, int variant) {
        byte[] plain = encode(topic, value);
        if (variant == 0) {
            return plain;
        }
        Integer id = variantIds.get(topic + "#" + variant);
        if (id == null) {
            throw new IllegalStateException("variant " + variant + " of " + topic + " is not registered");
        }
        ByteBuffer b = ByteBuffer.allocate(plain.length + 1);
        b.put(AvroWireSerde.MAGIC_BYTE).putInt(id).put(plain, AvroWireSerde.HEADER_SIZE,
                plain.length - AvroWireSerde.HEADER_SIZE);
        b.put((byte) 0); // union branch 0: null
        return b.array();
    }

    // ---- producing and reading ------------------------------------------------------------------

    /** An idempotent producer that waits out a broker restart rather than failing. */
    KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, PATIENCE.toMillis());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    RecordMetadata send(KafkaProducer<String, byte[]> producer, TopicNames t, Input in, int variant) {
        String topic = topicOf(t, in.kind());
        try {
            return producer.send(new ProducerRecord<>(topic, null, in.at().toEpochMilli(), in.key(),
                    encode(topic, in.value(), variant))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    void sendAll(TopicNames t, List<Input> inputs) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Input in : inputs) {
                send(producer, t, in, 0);
            }
        }
    }

    /** Every committed record of a topic, up to its end offsets (transaction markers take offsets too). */
    <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
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
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> request = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(i -> new TopicPartition(topic, i.partition()), i -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic, e);
        }
    }

    /**
     * Whether the application's consumer group has committed every input partition up to its end
     * (competitors are a global table: read by no group).
     */
    boolean caughtUp(String appId, TopicNames t) {
        try (Admin admin = broker.admin()) {
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
            return false; // e.g. the broker is down: not caught up
        }
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

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
            keepLogs();
            EmbeddedKafka.deleteRecursively(work);
        }
    }

    private void keepLogs() {
        try (var files = Files.walk(work)) {
            // the processes' own logs, not the broker's log segments nor RocksDB's
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f)
                    && !f.startsWith(work.resolve("kafka").resolve("data")) && !f.startsWith(work.resolve("state")))
                    .toList()) {
                Path to = LOGS.resolve(name).resolve(work.relativize(log).toString().replace('/', '-'));
                Files.createDirectories(to.getParent());
                Files.copy(log, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // logs are a courtesy: the run's result does not depend on them
        }
    }
}
