package io.partnersignals.bench;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.bench.ReplayBenchmark;
import io.partnersignals.runtime.AppConfig;
import io.partnersignals.runtime.LiveApplication;
import io.partnersignals.topology.TopicNames;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * End-to-end figures on a real broker, on an embedded single-node broker
 * and registry on loopback:
 *
 * <ul>
 *   <li>throughput, in two rounds on fresh topics, groups and state each: the first warms the JVM
 *   (broker, clients, Kafka Streams and our code share it, and the JIT compiles all of them), the
 *   second is measured. In each, a synthetic data set (ReplayBenchmark's generator) is produced to the input
 *   topics first; then a pass-through baseline (read_committed consumer + transactional producer,
 *   offsets sent in the transaction, commit every 100 ms like Kafka Streams' EOS default) copies
 *   every input record to one output topic, and then the application processes the same topics;
 *   each is timed from its start until its consumer group has committed every input partition to
 *   its end, and all three commit every 100 ms under either guarantee. What the application spends
 *   per input record is measured in the same round ({@link CostMeter}): the CPU time of its stream
 *   threads (ThreadMXBean: the application, the broker and the pass-throughs share this JVM, their
 *   threads told apart by name) and the bytes the broker appended to its output, changelog and
 *   repartition topics (the broker's per-topic BytesInPerSec counts); the same for the Kafka Streams
 *   pass-through, as a reference;</li>
 *   <li>latency: at a fixed rate, CONTRIBUTION events stamped with the wall clock go to a set of
 *   partners; a read_committed consumer of partner.risk matches each score to the event that caused
 *   it with {@link LatencyMatcher}; HdrHistogram records the delay from send to receipt.</li>
 * </ul>
 */
public final class LiveBenchmark {

    static final int PARTITIONS = 3;
    /**
     * The commit interval of all three throughput runs: Kafka Streams' default under exactly_once_v2.
     * Each run ends when its offsets are committed, so under at_least_once the default 30 s would be
     * timed instead of the processing.
     */
    static final int THROUGHPUT_COMMIT_MS = 100;

    /**
     * @param streamThreads  the application's stream threads in the throughput run
     * @param overrides      application settings applied last, in every run of the application
     * @param throughputOnly no latency runs
     */
    public record Options(int partners, int events, int days, long seed, String guarantee, int streamThreads, int rate,
                          int latencyPartners, Duration warmup, Duration measure, Path workDir,
                          Map<String, String> overrides, boolean throughputOnly) {
        public Options {
            overrides = Map.copyOf(overrides);
        }
    }

    /**
     * @param appEps       input records per second of the application, start-up included
     * @param appRunningEps the same from the moment the application is RUNNING until its last offsets are
     *                     committed: its sustained rate (in the measured round, the JVM warm)
     * @param streamsPassThroughEps a Kafka Streams application that only copies the inputs to one topic,
     *                     same guarantee and commit interval, from RUNNING: what the framework itself costs
     * @param appCost      the application's CPU and bytes written, per input record
     * @param streamsPassThroughCost the same for the Kafka Streams pass-through
     */
    public record Throughput(long events, double appEps, double appRunningEps, double baselineEps,
                             double streamsPassThroughEps, CostMeter.Cost appCost,
                             CostMeter.Cost streamsPassThroughCost) {
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
    private BenchCluster cluster;

    public LiveBenchmark(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    public Result run() throws Exception {
        try (BenchCluster c = BenchCluster.start()) {
            cluster = c;
            // the first round warms the JVM (broker, clients, Kafka Streams and our code alike); the second,
            // on fresh topics, groups and state, is the one measured
            print("live(warmup)", throughput("tpw."));
            Throughput t = throughput("tp.");
            print("live", t);
            out.println(t.appCost().line("live(cost)"));
            out.println(t.appCost().topicsLine("live:"));
            out.println(t.streamsPassThroughCost().line("live(passthrough)"));
            if (o.throughputOnly()) {
                return new Result(t, null, null);
            }
            List<Latency> latencies = new ArrayList<>();
            for (String g : List.of("exactly_once_v2", "at_least_once")) {
                Latency l = latency(g, g.startsWith("exactly") ? "eos" : "alos");
                out.printf(Locale.ROOT, "latency(%s): p50_ms=%d p99_ms=%d max_ms=%d n=%d sent=%d superseded=%d%n",
                        l.label(), l.p50Ms(), l.p99Ms(), l.maxMs(), l.n(), l.sent(), l.superseded());
                latencies.add(l);
            }
            return new Result(t, latencies.get(0), latencies.get(1));
        }
    }

    private void print(String label, Throughput t) {
        out.printf(Locale.ROOT, "%s: app_eps=%.0f app_running_eps=%.0f baseline_eps=%.0f e2e_ratio=%.2f "
                        + "cpu_us_per_event=%.1f bytes_per_event=%.0f "
                        + "streams_passthrough_eps=%.0f streams_passthrough_ratio=%.2f events=%d guarantee=%s "
                        + "stream_threads=%d%n",
                label, t.appEps(), t.appRunningEps(), t.baselineEps(), t.ratio(), t.appCost().cpuUsPerEvent(),
                t.appCost().bytesPerEvent(), t.streamsPassThroughEps(), t.streamsPassThroughEps() / t.baselineEps(),
                t.events(), o.guarantee(), o.streamThreads());
    }

    // ---- throughput ----------------------------------------------------------------------------

    /** One round on topics named with {@code prefix}: data produced, then baseline, pass-through and application. */
    Throughput throughput(String prefix) throws Exception {
        TopicNames t = topics(prefix);
        createTopics(t);
        Path data = o.workDir().resolve("data");
        ReplayBenchmark.DataSet set = ReplayBenchmark.generate(o.partners(), o.events(), o.days(), o.seed(), data, t);
        long p0 = System.nanoTime();
        long produced = cluster.produceDataSet(data, t);
        out.printf(Locale.ROOT, "live: produced %d input records (%d events) in %.1f s%n", produced, set.events(),
                (System.nanoTime() - p0) / 1e9);
        List<String> inputs = List.of(t.partners(), t.competitors(), t.crmActivity(), t.webCrawl(), t.pricingEvents());

        double baselineS = PassThrough.transactional(cluster, inputs, prefix + "passthrough", prefix + "bench-baseline",
                o.guarantee(), PARTITIONS, Duration.ofMinutes(5));
        double baselineEps = produced / baselineS;
        out.printf(Locale.ROOT, "live: baseline copied %d records in %.1f s%n", produced, baselineS);
        String streamsId = prefix + "bench-streams-passthrough";
        PassThrough.StreamsRun streamsRun = PassThrough.streams(cluster, inputs, prefix + "streams-passthrough", streamsId,
                o.guarantee(), THROUGHPUT_COMMIT_MS, PARTITIONS, o.workDir().resolve("state-" + streamsId), produced,
                Duration.ofMinutes(5));
        double streamsS = streamsRun.runningSeconds();
        out.printf(Locale.ROOT, "live: Kafka Streams pass-through copied %d records in %.1f s once RUNNING%n", produced,
                streamsS);

        String appId = prefix + "bench-app";
        Map<String, String> s = settings(appId, t, o.guarantee());
        s.put("scoring.idle-advance", "false"); // historical events: only event time moves the clock
        s.put("kafka.num.stream.threads", String.valueOf(o.streamThreads()));
        s.put("kafka.commit.interval.ms", String.valueOf(THROUGHPUT_COMMIT_MS));
        s.putAll(o.overrides()); // an experiment's settings win over the run's own, these two included
        // what the broker appended before this point (the inputs, the pass-throughs' copies) is not the application's
        CostMeter meter = new CostMeter(appId, outputs(t));
        long a0 = System.nanoTime();
        long runningAt;
        long a1;
        CostMeter.Cost cost;
        try (LiveApplication app = new LiveApplication(AppConfig.load(null, Map.of(), s))) {
            app.start();
            runningAt = awaitRunning(app.streams(), Duration.ofMinutes(2));
            // competitors is a global table: its consumer commits no offsets, so it is not waited for
            cluster.awaitCaughtUp(appId, inputs.stream().filter(i -> !i.equals(t.competitors())).toList(),
                    Duration.ofMinutes(10), () -> meter.sample(app.streams()));
            a1 = System.nanoTime(); // closing is not processing
            cost = meter.stop(app.streams(), produced);
        }
        double appS = (a1 - a0) / 1e9;
        double runningS = (a1 - runningAt) / 1e9;
        out.printf(Locale.ROOT, "live: application processed %d records in %.1f s (start-up included), %.1f s once RUNNING%n",
                produced, appS, runningS);
        return new Throughput(produced, produced / appS, produced / runningS, baselineEps, produced / streamsS, cost,
                streamsRun.cost());
    }

    /** Waits for the first RUNNING state; returns when it was seen (System.nanoTime). */
    static long awaitRunning(KafkaStreams streams, Duration timeout) throws Exception {
        Await.until("the application to be RUNNING", timeout, () -> streams.state() == KafkaStreams.State.RUNNING);
        return System.nanoTime();
    }

    // ---- latency -------------------------------------------------------------------------------

    Latency latency(String guarantee, String label) throws Exception {
        TopicNames t = topics("lat-" + label + ".");
        createTopics(t);
        String appId = "bench-lat-" + label;
        List<String> partners = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = cluster.producer(null)) {
            Instant now = Instant.now().minusSeconds(1);
            for (int i = 0; i < o.latencyPartners(); i++) {
                String id = String.format(Locale.ROOT, "l%05d", i);
                partners.add(id);
                Partner p = Partner.newBuilder().setPartnerId(id).setName("Partner " + id)
                        .setDomains(List.of(id + ".example")).setKind(PartnerKind.TECHNOLOGY).build();
                producer.send(new ProducerRecord<>(t.partners(), null, now.toEpochMilli(), id, cluster.encode(t.partners(), p)));
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
            CountDownLatch atEnd = new CountDownLatch(1);
            Thread reader = new Thread(() -> readScores(t.partnerRisk(), matcher, histogram, recording, stop, atEnd),
                    "bench-scores");
            reader.start();
            if (!atEnd.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the score reader did not reach the end of " + t.partnerRisk());
            }
            AtomicLong sent = new AtomicLong();
            long measuredFrom;
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try (KafkaProducer<String, byte[]> producer = cluster.producer(null)) {
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
                    byte[] value = cluster.encode(t.crmActivity(), a);
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
            try {
                Await.until("a score for every event sent", Duration.ofSeconds(30), () -> matcher.pending() == 0);
            } catch (IllegalStateException e) {
                out.printf(Locale.ROOT, "latency(%s): %d events still without a score; they count in sent, not in n%n",
                        label, matcher.pending());
            }
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
                            AtomicBoolean stop, CountDownLatch atEnd) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            atEnd.countDown();
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
                prefix + d.history(), prefix + d.deadLetters(),
                prefix + d.notes());
    }

    /** The topics the application writes besides its own internal ones. */
    static List<String> outputs(TopicNames t) {
        return List.of(t.partnerRisk(), t.alerts(), t.history(), t.deadLetters());
    }

    private void createTopics(TopicNames t) throws InterruptedException {
        cluster.createTopics(t, PARTITIONS);
    }

    Map<String, String> settings(String appId, TopicNames t, String guarantee) {
        Map<String, String> s = cluster.appSettings(appId, t, PARTITIONS, o.workDir().resolve("state-" + appId),
                BenchCluster.freePort());
        s.put("kafka.processing.guarantee", guarantee);
        s.put("kafka.num.standby.replicas", "0");
        s.putAll(o.overrides());
        return s;
    }

}
