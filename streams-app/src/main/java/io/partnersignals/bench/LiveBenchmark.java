package io.partnersignals.bench;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.demo.EmbeddedKafka;
import io.partnersignals.demo.EmbeddedRegistry;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.replay.JsonRecords;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayBenchmark;
import io.partnersignals.runtime.AppConfig;
import io.partnersignals.runtime.LiveApplication;
import io.partnersignals.runtime.TopicSetup;
import io.partnersignals.topology.TopicNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * End-to-end figures on a real broker (issue 5, items 2 and 3), on an embedded single-node broker
 * and registry on loopback:
 *
 * <ul>
 *   <li>throughput: a synthetic data set (ReplayBenchmark's generator) is produced to the input
 *   topics first; then a pass-through baseline (read_committed consumer + transactional producer,
 *   offsets sent in the transaction, commit every 100 ms like Kafka Streams' EOS default) copies
 *   every input record to one output topic, and then the application processes the same topics;
 *   each is timed from its start until its consumer group has committed every input partition to
 *   its end;</li>
 *   <li>latency: at a fixed rate, CONTRIBUTION events stamped with the wall clock go to a set of
 *   partners; a read_committed consumer of partner.risk matches each score to the event that caused
 *   it with {@link LatencyMatcher}; HdrHistogram records the delay from send to receipt.</li>
 * </ul>
 */
public final class LiveBenchmark {

    static final int PARTITIONS = 3;

    public record Options(int partners, int events, int days, long seed, String guarantee, int rate,
                          int latencyPartners, Duration warmup, Duration measure, Path workDir) {}

    /**
     * @param appEps       input records per second of the application, start-up included
     * @param appRunningEps the same from the moment the application is RUNNING: its sustained rate
     * @param streamsPassThroughEps a Kafka Streams application that only copies the inputs to one topic,
     *                     same guarantee and commit interval, from RUNNING: what the framework itself costs
     */
    public record Throughput(long events, double appEps, double appRunningEps, double baselineEps,
                             double streamsPassThroughEps) {
        /** Sustained application rate over the baseline's. */
        public double ratio() {
            return appRunningEps / baselineEps;
        }
    }

    /** What one run measured. */
    public record Result(Throughput throughput, Latency eos, Latency alos) {}

    public record Latency(String label, long p50Ms, long p99Ms, long maxMs, long n, long sent, long superseded) {}

    private final Options o;
    private final PrintStream out;
    private EmbeddedKafka kafka;
    private EmbeddedRegistry registry;
    private ConfluentRestSchemaRegistry registryClient;
    private final Map<Class<?>, AvroWireSerde<?>> serdes = new HashMap<>();

    public LiveBenchmark(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    public Result run() throws Exception {
        // the synthetic events are months old: without this, time-based retention (7 days) deletes
        // input segments under the running application
        kafka = EmbeddedKafka.start(Map.of("log.retention.ms", "-1"));
        try {
            registry = EmbeddedRegistry.start();
            registryClient = new ConfluentRestSchemaRegistry(registry.url());
            Throughput t = throughput();
            out.printf(Locale.ROOT, "live: app_eps=%.0f app_running_eps=%.0f baseline_eps=%.0f e2e_ratio=%.2f "
                            + "streams_passthrough_eps=%.0f streams_passthrough_ratio=%.2f events=%d guarantee=%s%n",
                    t.appEps(), t.appRunningEps(), t.baselineEps(), t.ratio(), t.streamsPassThroughEps(),
                    t.streamsPassThroughEps() / t.baselineEps(), t.events(), o.guarantee());
            List<Latency> latencies = new ArrayList<>();
            for (String g : List.of("exactly_once_v2", "at_least_once")) {
                Latency l = latency(g, g.startsWith("exactly") ? "eos" : "alos");
                out.printf(Locale.ROOT, "latency(%s): p50_ms=%d p99_ms=%d max_ms=%d n=%d sent=%d superseded=%d%n",
                        l.label(), l.p50Ms(), l.p99Ms(), l.maxMs(), l.n(), l.sent(), l.superseded());
                latencies.add(l);
            }
            return new Result(t, latencies.get(0), latencies.get(1));
        } finally {
            if (registry != null) {
                registry.close();
            }
            kafka.close();
        }
    }

    // ---- throughput ----------------------------------------------------------------------------

    Throughput throughput() throws Exception {
        TopicNames t = topics("tp.");
        createTopics(t);
        Path data = o.workDir().resolve("data");
        ReplayBenchmark.DataSet set = ReplayBenchmark.generate(o.partners(), o.events(), o.days(), o.seed(), data, t);
        Instant before = ReplayBenchmark.START.minus(Duration.ofDays(1));
        long produced = 0;
        long p0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(null)) {
            produced += produce(producer, data, t.partners(), Partner.class, Partner::getPartnerId, p -> before);
            produced += produce(producer, data, t.competitors(), Competitor.class, Competitor::getCompetitorId, c -> before);
            produced += produce(producer, data, t.crmActivity(), CrmActivity.class, CrmActivity::getPartnerId,
                    CrmActivity::getOccurredAt);
            produced += produce(producer, data, t.webCrawl(), CrawlResult.class, CrawlResult::getPartnerId,
                    CrawlResult::getFetchedAt);
            produced += produce(producer, data, t.pricingEvents(), PricingEvent.class, PricingEvent::getPartnerId,
                    PricingEvent::getOccurredAt);
            producer.flush();
        }
        out.printf(Locale.ROOT, "live: produced %d input records (%d events) in %.1f s%n", produced, set.events(),
                (System.nanoTime() - p0) / 1e9);
        List<String> inputs = List.of(t.partners(), t.competitors(), t.crmActivity(), t.webCrawl(), t.pricingEvents());

        double baselineS = baseline(inputs, "tp.passthrough", "bench-baseline");
        double baselineEps = produced / baselineS;
        out.printf(Locale.ROOT, "live: baseline copied %d records in %.1f s%n", produced, baselineS);
        double streamsS = streamsPassThrough(inputs, "tp.streams-passthrough", "bench-streams-passthrough");
        out.printf(Locale.ROOT, "live: Kafka Streams pass-through copied %d records in %.1f s once RUNNING%n", produced,
                streamsS);

        Map<String, String> s = settings("bench-app", t, o.guarantee());
        s.put("scoring.idle-advance", "false"); // historical events: only event time moves the clock
        long a0 = System.nanoTime();
        long runningAt;
        try (LiveApplication app = new LiveApplication(AppConfig.load(null, Map.of(), s))) {
            app.start();
            runningAt = awaitRunning(app.streams(), Duration.ofMinutes(2));
            // competitors is a global table: its consumer commits no offsets, so it is not waited for
            awaitCaughtUp("bench-app", inputs.stream().filter(i -> !i.equals(t.competitors())).toList(),
                    Duration.ofMinutes(10));
        }
        long a1 = System.nanoTime();
        double appS = (a1 - a0) / 1e9;
        double runningS = (a1 - runningAt) / 1e9;
        out.printf(Locale.ROOT, "live: application processed %d records in %.1f s (start-up included), %.1f s once RUNNING%n",
                produced, appS, runningS);
        return new Throughput(produced, produced / appS, produced / runningS, baselineEps, produced / streamsS);
    }

    /** Waits for the first RUNNING state; returns when it was seen (System.nanoTime). */
    static long awaitRunning(KafkaStreams streams, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the application did not reach RUNNING within " + timeout
                        + "; state " + streams.state());
            }
            Thread.sleep(5);
        }
        return System.nanoTime();
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

    /** The pass-through: seconds until every record of {@code inputs} is copied and its offsets committed. */
    double baseline(List<String> inputs, String output, String group) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(output, PARTITIONS, (short) 1))).all().get();
        }
        boolean eos = o.guarantee().startsWith("exactly");
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, eos ? "read_committed" : "read_uncommitted");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AtomicBoolean done = new AtomicBoolean();
        long t0 = System.nanoTime();
        Thread loop = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
                 KafkaProducer<byte[], byte[]> producer = bytesProducer(eos ? group + "-tx" : null)) {
                if (eos) {
                    producer.initTransactions();
                }
                consumer.subscribe(inputs);
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                long txStart = 0;
                boolean open = false;
                while (!done.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                    if (!records.isEmpty() && eos && !open) {
                        producer.beginTransaction();
                        open = true;
                        txStart = System.nanoTime();
                    }
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        producer.send(new ProducerRecord<>(output, null, r.timestamp(), r.key(), r.value()));
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    boolean due = System.nanoTime() - txStart >= 100_000_000L || records.isEmpty();
                    if (!offsets.isEmpty() && due) {
                        if (eos) {
                            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                            producer.commitTransaction();
                            open = false;
                        } else {
                            producer.flush();
                            consumer.commitSync(offsets);
                            txStart = System.nanoTime();
                        }
                        offsets.clear();
                    }
                }
            }
        }, "bench-baseline");
        loop.start();
        try {
            awaitCaughtUp(group, inputs, Duration.ofMinutes(5));
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            done.set(true);
            loop.join();
        }
    }

    /**
     * The framework's own ceiling: a Kafka Streams application that copies every input record to one
     * topic (bytes, no state), with the application's guarantee and default commit interval; seconds
     * from RUNNING until every input partition is committed to its end.
     */
    double streamsPassThrough(List<String> inputs, String output, String applicationId) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(output, PARTITIONS, (short) 1))).all().get();
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(inputs, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inputs"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("copy"));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, o.guarantee());
        p.put(StreamsConfig.STATE_DIR_CONFIG, o.workDir().resolve("state-" + applicationId).toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.start();
            long running = awaitRunning(streams, Duration.ofMinutes(2));
            awaitCaughtUp(applicationId, inputs, Duration.ofMinutes(5));
            return (System.nanoTime() - running) / 1e9;
        }
    }

    // ---- latency -------------------------------------------------------------------------------

    Latency latency(String guarantee, String label) throws Exception {
        TopicNames t = topics("lat-" + label + ".");
        createTopics(t);
        String appId = "bench-lat-" + label;
        List<String> partners = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(null)) {
            Instant now = Instant.now().minusSeconds(1);
            for (int i = 0; i < o.latencyPartners(); i++) {
                String id = String.format(Locale.ROOT, "l%05d", i);
                partners.add(id);
                Partner p = Partner.newBuilder().setPartnerId(id).setName("Partner " + id)
                        .setDomains(List.of(id + ".example")).setKind(PartnerKind.TECHNOLOGY).build();
                producer.send(new ProducerRecord<>(t.partners(), null, now.toEpochMilli(), id, encode(t.partners(), p)));
            }
            producer.flush();
        }
        LatencyMatcher matcher = new LatencyMatcher();
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
        AtomicBoolean recording = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        try (LiveApplication app = new LiveApplication(AppConfig.load(null, Map.of(), settings(appId, t, guarantee)))) {
            app.start();
            awaitRunning(app.streams(), Duration.ofMinutes(2));
            Thread reader = new Thread(() -> readScores(t.partnerRisk(), matcher, histogram, recording, stop),
                    "bench-scores");
            reader.start();
            Thread.sleep(1000); // the reader is at the end of partner.risk
            AtomicLong sent = new AtomicLong();
            long measuredFrom;
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try (KafkaProducer<String, byte[]> producer = producer(null)) {
                Random rnd = new Random(o.seed());
                long periodNanos = 1_000_000_000L / o.rate();
                pacer.scheduleAtFixedRate(() -> {
                    long n = sent.getAndIncrement();
                    String partner = partners.get((int) (n % partners.size()));
                    long at = System.currentTimeMillis();
                    CrmActivity a = CrmActivity.newBuilder()
                            .setActivityId(label + "-" + n)
                            .setPartnerId(partner)
                            .setOccurredAt(Instant.ofEpochMilli(at))
                            .setType(ActivityType.CONTRIBUTION)
                            .setDirection((n / partners.size()) % 2 == 0 ? Direction.OUTBOUND : Direction.INBOUND)
                            .setValueUsd(100.0 * (1 + rnd.nextInt(500)))
                            .setSubject("latency probe")
                            .build();
                    byte[] value = encode(t.crmActivity(), a);
                    matcher.sent(partner, System.nanoTime());
                    producer.send(new ProducerRecord<>(t.crmActivity(), null, at, partner, value));
                }, 0, periodNanos, TimeUnit.NANOSECONDS);
                Thread.sleep(o.warmup().toMillis());
                recording.set(true);
                measuredFrom = sent.get();
                Thread.sleep(o.measure().toMillis());
                pacer.shutdown();
                pacer.awaitTermination(10, TimeUnit.SECONDS);
            }
            Thread.sleep(3000); // the last scores arrive
            stop.set(true);
            reader.join();
            long measuredSent = sent.get() - measuredFrom;
            Histogram h;
            synchronized (histogram) {
                h = histogram.copy();
            }
            return new Latency(label, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                    ms(h.getMaxValue()), h.getTotalCount(), measuredSent, matcher.superseded());
        }
    }

    private void readScores(String topic, LatencyMatcher matcher, Histogram histogram, AtomicBoolean recording,
                            AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            while (!stop.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(5));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> r : records) {
                    long delay = matcher.scored(r.key(), now);
                    if (delay >= 0 && recording.get()) {
                        synchronized (histogram) {
                            histogram.recordValue(Math.min(delay, histogram.getHighestTrackableValue()));
                        }
                    }
                }
            }
        }
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    static TopicNames topics(String prefix) {
        TopicNames d = TopicNames.defaults();
        return new TopicNames(prefix + d.partners(), prefix + d.competitors(), prefix + d.crmActivity(),
                prefix + d.webCrawl(), prefix + d.pricingEvents(), prefix + d.partnerRisk(), prefix + d.alerts(),
                prefix + d.history(), prefix + d.deadLetters());
    }

    private void createTopics(TopicNames t) throws InterruptedException {
        try (Admin admin = admin()) {
            new TopicSetup(t, PARTITIONS, (short) 1, true).ensure(admin);
        }
    }

    Map<String, String> settings(String appId, TopicNames t, String guarantee) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        s.put("registry.url", registry.url());
        s.put("application.id", appId);
        s.put("kafka.processing.guarantee", guarantee);
        s.put("topics.partitions", String.valueOf(PARTITIONS));
        s.put("topics.replication-factor", "1");
        s.put("kafka.num.standby.replicas", "0");
        s.put("state.dir", o.workDir().resolve("state-" + appId).toString());
        s.put("http.host", "127.0.0.1");
        s.put("http.advertised-host", "127.0.0.1");
        s.put("http.port", String.valueOf(freePort()));
        s.put("topic.partners", t.partners());
        s.put("topic.competitors", t.competitors());
        s.put("topic.crm-activity", t.crmActivity());
        s.put("topic.web-crawl", t.webCrawl());
        s.put("topic.pricing-events", t.pricingEvents());
        s.put("topic.partner-risk", t.partnerRisk());
        s.put("topic.alerts", t.alerts());
        s.put("topic.history", t.history());
        s.put("topic.dead-letters", t.deadLetters());
        return s;
    }

    private KafkaProducer<String, byte[]> producer(String transactionalId) {
        return new KafkaProducer<>(producerProps(transactionalId), new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaProducer<byte[], byte[]> bytesProducer(String transactionalId) {
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

    @SuppressWarnings("unchecked")
    private synchronized <V extends SpecificRecord> byte[] encode(String topic, V value) {
        AvroWireSerde<V> serde = (AvroWireSerde<V>) serdes.computeIfAbsent(value.getClass(),
                c -> AvroWireSerde.forValue(registryClient, (Class<V>) c));
        return serde.serializer().serialize(topic, value);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private void awaitCaughtUp(String group, List<String> topics, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (!caughtUp(admin, group, topics)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out after " + timeout + " waiting for " + group);
                }
                Thread.sleep(50); // polling interval of the committed offsets
            }
        }
    }

    private static boolean caughtUp(Admin admin, String group, List<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : topics) {
                for (int i = 0; i < PARTITIONS; i++) {
                    request.put(new TopicPartition(topic, i), OffsetSpec.latest());
                }
            }
            for (var e : admin.listOffsets(request).all().get().entrySet()) {
                long end = e.getValue().offset();
                OffsetAndMetadata c = committed.get(e.getKey());
                if (end > 0 && (c == null || c.offset() < end)) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
