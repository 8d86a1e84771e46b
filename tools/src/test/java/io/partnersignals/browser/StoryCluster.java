package io.partnersignals.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.demo.StoryFeed;
import io.partnersignals.embedded.EmbeddedKafka;
import io.partnersignals.embedded.EmbeddedRegistry;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.runtime.AppConfig;
import io.partnersignals.runtime.LiveApplication;
import io.partnersignals.topology.TopicNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * What the browser tests look at: the in-JVM broker and Apicurio Registry, the example story
 * (examples/story) produced with its own event times, the clock moved to two days after its last
 * event, and two instances of the application in this JVM sharing the work (same application id),
 * each with its own HTTP port, both behind the same access token.
 */
final class StoryCluster implements AutoCloseable {

    static final Path STORY = Path.of("../examples/story");
    static final String APP_ID = "browser-it";
    static final int PARTITIONS = 3;
    static final Duration PATIENCE = Duration.ofSeconds(180);

    private static final ObjectMapper JSON = new ObjectMapper();

    final String token = "browser-" + Long.toHexString(System.nanoTime());
    final StoryFeed.Story story = StoryFeed.Story.fromDirectory(STORY);
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedKafka kafka;
    private EmbeddedRegistry registry;
    final List<LiveApplication> instances = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();

    StoryCluster() throws IOException {
        work = Files.createTempDirectory("partner-signals-browser-");
    }

    /** Starts everything, plays the story and returns once both instances answer with its bands. */
    StoryCluster start() throws Exception {
        registry = keep(EmbeddedRegistry.launch(EmbeddedRegistry.locateJar()));
        kafka = keep(EmbeddedKafka.start());
        registry.awaitReady(EmbeddedRegistry.DEFAULT_READY_TIMEOUT);
        for (String name : List.of("a", "b")) {
            int port = EmbeddedKafka.freeLoopbackPort();
            LiveApplication app = keep(new LiveApplication(AppConfig.load(null, Map.of(), settings(name, port))));
            instances.add(app);
            ports.add(port);
        }
        for (LiveApplication app : instances) {
            app.start();
        }
        await("both instances ready", () -> ports.stream().allMatch(p -> status(p, "/health/ready") == 200));
        produceStory();
        await("both instances to answer with the story's three partners", () -> ports.stream().allMatch(p -> {
            String body = get(p, "/api/partners");
            return body != null && body.contains("\"prodigal\"") && body.contains("\"drifter\"")
                    && body.contains("\"fixstars\"") && body.contains("\"RED\"") && body.contains("\"AMBER\"");
        }));
        return this;
    }

    private Map<String, String> settings(String name, int port) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        o.put("registry.url", registry.url());
        o.put("application.id", APP_ID);
        o.put("topics.partitions", String.valueOf(PARTITIONS));
        o.put("topics.replication-factor", "1");
        o.put("kafka.num.standby.replicas", "0");
        // wait for every input partition of a task to have data before picking the next record by time
        o.put("kafka.max.task.idle.ms", "2000");
        o.put("state.dir", work.resolve("state-" + name).toString());
        o.put("http.host", "127.0.0.1");
        o.put("http.advertised-host", "127.0.0.1");
        o.put("http.port", String.valueOf(port));
        o.put("http.token", token);
        // the events are historical: only event time moves the scoring clock
        o.put("scoring.idle-advance", "false");
        return o;
    }

    /** The story with its own times (reference data a day before the first event), then one clock tick per partition. */
    private void produceStory() {
        TopicNames t = instances.get(0).settings().topics();
        ConfluentRestSchemaRegistry client = new ConfluentRestSchemaRegistry(registry.url());
        Map<Class<?>, AvroWireSerde<?>> serdes = new HashMap<>();
        Instant before = story.start().minus(Duration.ofDays(1));
        Instant end = story.end().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer())) {
            story.partners().forEach(r -> send(producer, serdes, client, t.partners(), r.getPartnerId(), before, r));
            story.competitors().forEach(r -> send(producer, serdes, client, t.competitors(), r.getCompetitorId(), before, r));
            for (SpecificRecord e : story.events()) {
                if (e instanceof CrmActivity a) {
                    send(producer, serdes, client, t.crmActivity(), a.getPartnerId(), a.getOccurredAt(), a);
                } else if (e instanceof CrawlResult c) {
                    send(producer, serdes, client, t.webCrawl(), c.getPartnerId(), c.getFetchedAt(), c);
                } else if (e instanceof PricingEvent pe) {
                    send(producer, serdes, client, t.pricingEvents(), pe.getPartnerId(), pe.getOccurredAt(), pe);
                }
            }
            // a MEETING of a made-up partner on every partition: changes no score, moves every task's clock
            Set<Integer> covered = new TreeSet<>();
            for (int i = 0; covered.size() < PARTITIONS; i++) {
                String key = "clock-" + i;
                if (covered.add(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS)) {
                    send(producer, serdes, client, t.crmActivity(), key, end, CrmActivity.newBuilder()
                            .setActivityId("tick-" + key).setPartnerId(key).setOccurredAt(end)
                            .setType(ActivityType.MEETING).setDirection(Direction.OUTBOUND).build());
                }
            }
            producer.flush();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void send(KafkaProducer<String, byte[]> producer, Map<Class<?>, AvroWireSerde<?>> serdes,
                             ConfluentRestSchemaRegistry client, String topic, String key, Instant at,
                             SpecificRecord value) {
        AvroWireSerde serde = serdes.computeIfAbsent(value.getClass(),
                c -> AvroWireSerde.forValue(client, (Class) c));
        byte[] bytes = serde.serializer().serialize(topic, value);
        try {
            producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, bytes)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /** The page's address on instance {@code i} (0 = A, 1 = B). */
    String base(int i) {
        return "http://127.0.0.1:" + ports.get(i);
    }

    /** GET with the token; the body on 200, else null. */
    String get(int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** GET {@code path} with the token on instance {@code i} (0 = A, 1 = B), as JSON; fails unless 200. */
    JsonNode json(int i, String path) throws IOException {
        String body = get(ports.get(i), path);
        if (body == null) {
            throw new AssertionError("GET " + path + " on instance " + (char) ('A' + i) + " did not answer 200");
        }
        return JSON.readTree(body);
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE.toSeconds() + " s: " + what);
            }
            Thread.sleep(200); // polling interval of a condition with a deadline
        }
    }

    private <T extends AutoCloseable> T keep(T part) {
        parts.add(part);
        return part;
    }

    /** Stops the instances, then Kafka and the registry, and removes the state directories. */
    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                e.printStackTrace(); // stop the other parts all the same
            }
        }
        EmbeddedKafka.deleteRecursively(work);
    }
}
