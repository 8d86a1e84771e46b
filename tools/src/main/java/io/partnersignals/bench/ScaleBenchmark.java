package io.partnersignals.bench;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.Partner;
import io.partnersignals.embedded.EmbeddedKafka;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.Replay;
import io.partnersignals.bench.ReplayBenchmark;
import io.partnersignals.topology.PartnerSignalsTopology;
import io.partnersignals.topology.TopicNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Scale and recovery figures, with the application in child JVMs
 * ({@link ApplicationProcess}) on the embedded broker and registry ({@link BenchCluster}):
 *
 * <ol>
 *   <li><b>scale</b>: ReplayBenchmark's synthetic data set is produced to the input topics, then one
 *   instance with production settings (exactly_once_v2, bounded RocksDB, its heap limited) processes
 *   all of it; once its group has committed the end of every input partition, its resident memory
 *   (VmRSS, VmHWM) is read, it is stopped cleanly, and its state directory is measured;</li>
 *   <li><b>clean restart</b>: it is started again at once on the state directory its clean stop
 *   left: the time from the start of the process to {@code /health/ready}, and the records it
 *   restored (partner_signals_restored_records_total: none but those written after the stop);</li>
 *   <li><b>restore</b>: its state directory is deleted and it is started again under the same
 *   application id: the time from the start of the process to {@code /health/ready} (Kafka Streams
 *   RUNNING, every active task restored from its changelog), and what the changelogs hold;</li>
 *   <li><b>standby take-over</b>: a second instance joins and keeps standby replicas; once every
 *   standby has caught up, the instance with the active tasks is killed with SIGKILL and one new
 *   event is sent per partition it held; the time from the kill until the survivor holds every
 *   partition, is RUNNING, and has published a score for every one of those events. Done with the
 *   default session timeout and again with a short one.</li>
 * </ol>
 */
public final class ScaleBenchmark {

    static final String APP_ID = "bench-scale";
    /** A standby counts as caught up when no changelog partition it follows lags by more than this. */
    static final long CAUGHT_UP_LAG = 10;
    private static final String LAG = "kafka_consumer_fetch_manager_records_lag";
    private static final String RESTORED = "partner_signals_restored_records_total";
    /** The embedded broker's group.min.session.timeout.ms (Kafka's default): a shorter session is refused. */
    private static final long MIN_SESSION_TIMEOUT_MS = 6_000;

    /**
     * @param shortSessionTimeout the second take-over's session timeout; zero: no second take-over
     * @param workDir             where the data set, state and logs go; null: a new temp directory
     */
    public record Options(int partners, int events, int days, long seed, int partitions, String heap,
                          boolean standby, Duration shortSessionTimeout, Path workDir) {}

    /**
     * The figures; NaN (and -1 for counts and timeouts) when not measured.
     *
     * @param rssMib          VmRSS of the loaded instance, all input processed
     * @param rssHwmMib       VmHWM of that instance: its peak while loading
     * @param stateMib        its state directory after a clean stop
     * @param restartSeconds  process start to ready, right after a clean stop, state directory kept
     * @param restartRestoredRecords records that start restored into the stores of the tasks (the
     *                        in-memory competitors table, reloaded on every start, not counted)
     * @param restoreSeconds  process start to ready, state directory wiped
     * @param takeoverSeconds SIGKILL to the survivor holding everything and scoring the new events, with
     *                        {@code sessionTimeoutMs}; {@code shortTakeoverSeconds} with {@code shortSessionTimeoutMs}
     */
    public record Result(int partners, long events, String heap, double rssMib, double rssHwmMib, double stateMib,
                         double loadEps, double restartSeconds, long restartRestoredRecords,
                         double restoreSeconds, long restoredRecords, double takeoverSeconds,
                         long sessionTimeoutMs, double shortTakeoverSeconds, long shortSessionTimeoutMs) {}

    /**
     * @param seconds         SIGKILL to the survivor holding everything and scoring the new events
     * @param evictedSeconds  SIGKILL to the group no longer listing the killed instance (its session timed out)
     * @param caughtUpSeconds start of the joining instance to every standby caught up (an upper bound: see takeover)
     */
    private record Takeover(ApplicationProcess survivor, double seconds, double evictedSeconds, int partitions,
                            double caughtUpSeconds) {}

    private final Options o;
    private final PrintStream out;
    private final List<ApplicationProcess> instances = new ArrayList<>();
    private final Map<String, Integer> launches = new HashMap<>();
    private BenchCluster cluster;
    private TopicNames topics;
    private Path data;
    private Duration timeout;
    private Path workDir;

    public ScaleBenchmark(Options options, PrintStream out) {
        if (!options.heap().matches("\\d+[kmgKMG]?")) {
            throw new IllegalArgumentException("--heap must be a JVM size like 512m or 1g, got '" + options.heap() + "'");
        }
        long shortMs = options.shortSessionTimeout().toMillis();
        if (shortMs != 0 && shortMs < MIN_SESSION_TIMEOUT_MS) {
            throw new IllegalArgumentException("--short-session-timeout must be 0 or at least 6s (the broker's "
                    + "group.min.session.timeout.ms), got " + options.shortSessionTimeout().toMillis() + " ms");
        }
        if (options.partitions() < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + options.partitions());
        }
        this.o = options;
        this.out = out;
    }

    public Result run() throws Exception {
        workDir = o.workDir() != null ? Files.createDirectories(o.workDir())
                : Files.createTempDirectory("partner-signals-bench-scale");
        // generous deadlines that grow with the data set: they end a stuck run, they do not pace one
        timeout = Duration.ofMinutes(10).plusSeconds(o.events() / 250L);
        try (BenchCluster c = BenchCluster.start()) {
            cluster = c;
            return measure();
        } finally {
            instances.forEach(ApplicationProcess::close);
            EmbeddedKafka.deleteRecursively(workDir.resolve("data"));
            for (String name : launches.keySet()) {
                EmbeddedKafka.deleteRecursively(stateDir(name));
            }
            out.printf(Locale.ROOT, "scale: instance logs in %s%n", workDir.resolve("logs"));
        }
    }

    private Result measure() throws Exception {
        topics = TopicNames.defaults();
        cluster.createTopics(topics, o.partitions());
        data = workDir.resolve("data");
        ReplayBenchmark.DataSet set = ReplayBenchmark.generate(o.partners(), o.events(), o.days(), o.seed(), data, topics);
        long p0 = System.nanoTime();
        long produced = cluster.produceDataSet(data, topics);
        out.printf(Locale.ROOT, "scale: produced %d input records (%d events of %d partners over %d days) in %.1f s%n",
                produced, set.events(), set.partners(), o.days(), (System.nanoTime() - p0) / 1e9);

        // ---- scale: load everything into one instance ----
        // competitors is a global table: its consumer commits no offsets, so it is not waited for
        List<String> inputs = List.of(topics.partners(), topics.crmActivity(), topics.webCrawl(), topics.pricingEvents());
        ApplicationProcess a = launch("a", Map.of());
        cluster.awaitCaughtUp(APP_ID, inputs, timeout, a::checkAlive);
        double loadSeconds = a.secondsSinceStart();
        ProcessMemory loaded = a.memory();
        a.stop();
        StateOnDisk state = StateOnDisk.measure(stateDir("a"));
        out.printf(Locale.ROOT, "scale: partners=%d events=%d rss_mib=%.0f rss_hwm_mib=%.0f heap=%s state_mib=%.1f "
                        + "load_eps=%.0f load_s=%.1f input_records=%d partitions=%d%n",
                set.partners(), set.events(), loaded.rssMib(), loaded.hwmMib(), o.heap(), state.totalMib(),
                produced / loadSeconds, loadSeconds, produced, o.partitions());
        out.println("state: " + state.storeBytes().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s=%.1f", e.getKey(), e.getValue() / (1024.0 * 1024.0)))
                .collect(Collectors.joining(" ")) + " (MiB)");

        // ---- clean restart: start again at once on the state the clean stop left ----
        ApplicationProcess again = launch("a", Map.of());
        double restartSeconds = again.awaitReady(timeout);
        Restored restart = restored(again.metrics());
        out.printf(Locale.ROOT, "clean-restart: ready_s=%.1f restored_records=%d reloaded_reference_records=%d "
                + "(SIGTERM, then the same state directory)%n", restartSeconds, restart.stores(), restart.reference());
        again.stop();

        // ---- restore: wipe the state, start again ----
        double left = awaitGroupEmpty(defaultSessionTimeoutMs());
        out.printf(Locale.ROOT, "scale: the stopped instance left the group %.1f s after its stop%n", left);
        Changelogs changelogs = changelogs(); // counted while nothing runs: not part of the restore time
        EmbeddedKafka.deleteRecursively(stateDir("a"));
        if (Files.exists(stateDir("a"))) {
            throw new IllegalStateException("could not delete " + stateDir("a"));
        }
        ApplicationProcess restored = launch("a", Map.of());
        double restoreSeconds = restored.awaitReady(timeout);
        long records = changelogs.records();
        out.printf(Locale.ROOT, "restore: restore_s=%.1f records=%d changelog_mib=%.1f rss_mib=%.0f%n", restoreSeconds,
                records, changelogs.bytes() / (1024.0 * 1024.0), restored.memory().rssMib());

        if (!o.standby()) {
            restored.stop();
            return new Result(set.partners(), set.events(), o.heap(), loaded.rssMib(), loaded.hwmMib(),
                    state.totalMib(), produced / loadSeconds, restartSeconds, restart.stores(), restoreSeconds, records,
                    Double.NaN, -1, Double.NaN, -1);
        }

        // ---- standby take-over: default session timeout, then a short one ----
        long sessionMs = defaultSessionTimeoutMs();
        Takeover first = takeover(restored, "b", Map.of(), set.until(), 1);
        printTakeover(first, sessionMs);
        double shortSeconds = Double.NaN;
        long shortMs = o.shortSessionTimeout().toMillis();
        if (shortMs > 0) {
            Map<String, String> fast = Map.of("kafka.session.timeout.ms", String.valueOf(shortMs),
                    "kafka.heartbeat.interval.ms", String.valueOf(Math.max(1, shortMs / 3)));
            // the survivor is restarted with the short timeout, keeping its state: a figure of its own
            ApplicationProcess holder = first.survivor();
            holder.stop();
            awaitGroupEmpty(sessionMs);
            holder = launch(holder.name(), fast);
            out.printf(Locale.ROOT, "restart: ready_s=%.1f (clean stop, local state kept)%n", holder.awaitReady(timeout));
            Takeover second = takeover(holder, "c", fast, set.until(), 2);
            printTakeover(second, shortMs);
            shortSeconds = second.seconds();
            second.survivor().stop();
        } else {
            first.survivor().stop();
        }
        return new Result(set.partners(), set.events(), o.heap(), loaded.rssMib(), loaded.hwmMib(), state.totalMib(),
                produced / loadSeconds, restartSeconds, restart.stores(), restoreSeconds, records, first.seconds(),
                sessionMs, shortSeconds,
                shortMs > 0 ? shortMs : -1);
    }

    private void printTakeover(Takeover t, long sessionTimeoutMs) {
        out.printf(Locale.ROOT, "standby: takeover_s=%.1f session_timeout_ms=%d evicted_s=%.1f partitions_moved=%d "
                        + "standby_caught_up_s=%.1f%n", t.seconds(), sessionTimeoutMs, t.evictedSeconds(), t.partitions(),
                t.caughtUpSeconds());
    }

    // ---- instances ----

    /** Starts instance {@code name} (state in {@code state-<name>}) with the benchmark's settings and {@code extra}. */
    private ApplicationProcess launch(String name, Map<String, String> extra) throws IOException {
        Map<String, String> s = cluster.appSettings(APP_ID, topics, o.partitions(), stateDir(name), BenchCluster.freePort());
        s.put("scoring.idle-advance", "false"); // historical events: only event time moves the clock
        s.put("kafka.client.id", clientId(name)); // names the instance's members in the group
        s.putAll(extra);
        int n = launches.merge(name, 1, Integer::sum);
        Path log = workDir.resolve("logs").resolve(name + "-" + n + ".log");
        ApplicationProcess p = ApplicationProcess.start(name, o.heap(), s, log);
        instances.add(p);
        return p;
    }

    private Path stateDir(String name) {
        return workDir.resolve("state-" + name);
    }

    private static String clientId(String name) {
        return "scale-" + name;
    }

    /** Waits until the group has no members (a stopped instance stays a member until its session times out). */
    private double awaitGroupEmpty(long sessionTimeoutMs) throws Exception {
        try (Admin admin = cluster.admin()) {
            return Await.until("group " + APP_ID + " to have no members",
                    Duration.ofMillis(sessionTimeoutMs).plusMinutes(1), () -> {
                        ConsumerGroupDescription g = group(admin);
                        return g != null && g.members().isEmpty();
                    });
        }
    }

    /** The group as the broker describes it now; null when it does not answer this time (the callers ask again). */
    private static ConsumerGroupDescription group(Admin admin) throws InterruptedException {
        try {
            return admin.describeConsumerGroups(List.of(APP_ID)).describedGroups().get(APP_ID).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Per instance name, the partitions of {@code topic} its active tasks hold. */
    private static Map<String, Set<Integer>> activePartitions(ConsumerGroupDescription group, String topic) {
        Map<String, Set<Integer>> active = new TreeMap<>();
        for (MemberDescription m : group.members()) {
            String name = instanceOf(m.clientId());
            Set<Integer> parts = active.computeIfAbsent(name, k -> new TreeSet<>());
            m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> parts.add(tp.partition()));
        }
        return active;
    }

    /** {@code scale-b-StreamThread-1-consumer} → {@code b}. */
    static String instanceOf(String consumerClientId) {
        String prefix = clientId("");
        int end = consumerClientId.indexOf("-StreamThread-");
        return consumerClientId.startsWith(prefix) && end > prefix.length()
                ? consumerClientId.substring(prefix.length(), end) : consumerClientId;
    }

    // ---- restore ----

    /** Records a start restored: into the stores of its tasks, and into the global competitors table. */
    record Restored(long stores, long reference) {}

    /** partner_signals_restored_records_total, summed: the competitors table (in memory) apart. */
    static Restored restored(PrometheusText metrics) {
        long stores = 0;
        long reference = 0;
        for (PrometheusText.Sample s : metrics.samples(RESTORED, s -> true)) {
            if (s.label("store").equals(PartnerSignalsTopology.COMPETITORS_STORE)) {
                reference += (long) s.value();
            } else {
                stores += (long) s.value();
            }
        }
        return new Restored(stores, reference);
    }

    /** What a restore from an empty state directory replays: the application's changelogs. */
    private record Changelogs(long records, long bytes) {}

    /**
     * Counts the committed records of every changelog partition (what the restore consumer, which
     * reads committed records only, replays from the start) and sums their size on the broker.
     */
    private Changelogs changelogs() throws Exception {
        try (Admin admin = cluster.admin()) {
            List<TopicPartition> parts = new ArrayList<>();
            changelogPartitions(admin).forEach((topic, n) -> {
                for (int k = 0; k < n; k++) {
                    parts.add(new TopicPartition(topic, k));
                }
            });
            long bytes = 0;
            int broker = admin.describeCluster().nodes().get().iterator().next().id();
            for (var dir : admin.describeLogDirs(List.of(broker)).allDescriptions().get().get(broker).values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    if (parts.contains(replica.getKey())) {
                        bytes += replica.getValue().size();
                    }
                }
            }
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
            long records = 0;
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> ends = c.endOffsets(parts);
                long deadline = System.nanoTime() + timeout.toNanos();
                // reading, not waiting: no pause between polls
                while (!parts.stream().allMatch(tp -> c.position(tp) >= ends.get(tp))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("timed out counting the changelog records");
                    }
                    records += c.poll(Duration.ofMillis(500)).count();
                }
            }
            return new Changelogs(records, bytes);
        }
    }

    // ---- standby take-over ----

    /**
     * {@code holder} runs; instance {@code name} joins with an empty state directory. Once both are
     * ready and every standby has caught up, the instance with more active partitions is killed,
     * and one event per partition it held is sent (event time {@code eventTime}); returns the seconds
     * from the kill until the survivor is the only member, holds every partition, is ready, and has
     * published a score for each of those events.
     */
    private Takeover takeover(ApplicationProcess holder, String name, Map<String, String> extra, Instant eventTime,
                              int run) throws Exception {
        ApplicationProcess joiner = launch(name, extra);
        List<ApplicationProcess> pair = List.of(holder, joiner);
        try (Admin admin = cluster.admin()) {
            // the lags come from /metrics, where the application registers Kafka's new metrics once a
            // minute: a standby's lag shows up to a minute after it exists, so this wait is an upper bound
            Await.until("both instances ready with every standby caught up", timeout, () -> {
                holder.checkAlive();
                joiner.checkAlive();
                return holder.ready() && joiner.ready() && standbysCaughtUp(admin, pair);
            });
            double caughtUp = joiner.secondsSinceStart();
            ConsumerGroupDescription before = Objects.requireNonNull(group(admin), "the broker did not describe the group");
            Map<String, Set<Integer>> active = activePartitions(before, topics.crmActivity());
            ApplicationProcess victim = active.getOrDefault(holder.name(), Set.of()).size()
                    >= active.getOrDefault(joiner.name(), Set.of()).size() ? holder : joiner;
            ApplicationProcess survivor = victim == holder ? joiner : holder;
            Set<Integer> moved = active.getOrDefault(victim.name(), Set.of());
            if (moved.isEmpty()) {
                throw new IllegalStateException("neither instance holds an active task: " + active);
            }
            Map<String, Integer> probes = partnersOn(moved);
            try (KafkaConsumer<String, byte[]> scores = scoresConsumer()) {
                long killed = System.nanoTime();
                victim.kill();
                sendProbes(probes.keySet(), eventTime, run);
                Map<String, Long> scoredAt = new HashMap<>();
                long[] evicted = {-1};
                long[] holdsAll = {-1};
                Await.until("the survivor to score the events sent after the kill",
                        Duration.ofMillis(defaultSessionTimeoutMs()).plus(timeout), () -> {
                            survivor.checkAlive();
                            for (ConsumerRecord<String, byte[]> r : scores.poll(Duration.ofMillis(50))) {
                                if (probes.containsKey(r.key())) {
                                    scoredAt.putIfAbsent(r.key(), System.nanoTime());
                                }
                            }
                            ConsumerGroupDescription g = holdsAll[0] < 0 ? group(admin) : null;
                            if (g != null) {
                                Map<String, Set<Integer>> now = activePartitions(g, topics.crmActivity());
                                if (evicted[0] < 0 && !now.containsKey(victim.name())) {
                                    evicted[0] = System.nanoTime();
                                }
                                if (g.groupState() == GroupState.STABLE && now.keySet().equals(Set.of(survivor.name()))
                                        && now.get(survivor.name()).size() == o.partitions() && survivor.ready()) {
                                    holdsAll[0] = System.nanoTime();
                                }
                            }
                            return holdsAll[0] >= 0 && scoredAt.size() == probes.size();
                        });
                long end = Math.max(holdsAll[0], scoredAt.values().stream().mapToLong(Long::longValue).max().orElseThrow());
                return new Takeover(survivor, (end - killed) / 1e9, (evicted[0] - killed) / 1e9, moved.size(), caughtUp);
            }
        }
    }

    /**
     * Whether both instances are the group's only members, stable, and every changelog partition
     * that an instance does not hold actively is followed by its restore consumer with a lag of at
     * most {@link #CAUGHT_UP_LAG} (two instances, one standby: each holds a standby of every task
     * the other one runs).
     */
    private boolean standbysCaughtUp(Admin admin, List<ApplicationProcess> pair) throws Exception {
        ConsumerGroupDescription g = group(admin);
        if (g == null || g.groupState() != GroupState.STABLE || g.members().size() != pair.size()) {
            return false;
        }
        Map<String, Set<Integer>> active = activePartitions(g, topics.crmActivity());
        Map<String, Integer> changelogs = changelogPartitions(admin);
        for (ApplicationProcess p : pair) {
            Set<Integer> own = active.getOrDefault(p.name(), Set.of());
            Map<TopicPartition, Double> lags;
            try {
                lags = restoreLags(p.metrics());
            } catch (IOException e) {
                return false; // a slow answer under load: ask again
            }
            for (Map.Entry<String, Integer> c : changelogs.entrySet()) {
                for (int k = 0; k < c.getValue(); k++) {
                    Double lag = lags.get(new TopicPartition(c.getKey(), k));
                    if (!own.contains(k) && (lag == null || lag.isNaN() || lag > CAUGHT_UP_LAG)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The latest lag of every changelog partition the restore consumer follows, from {@code /metrics}. */
    static Map<TopicPartition, Double> restoreLags(PrometheusText metrics) {
        Map<TopicPartition, Double> lags = new HashMap<>();
        for (PrometheusText.Sample s : metrics.samples(LAG, s -> s.label("client_id").endsWith("-restore-consumer")
                && s.label("topic").endsWith("-changelog"))) {
            lags.put(new TopicPartition(s.label("topic"), Integer.parseInt(s.label("partition"))), s.value());
        }
        return lags;
    }

    /** The application's changelog topics with their partition counts. */
    private static Map<String, Integer> changelogPartitions(Admin admin) throws Exception {
        Set<String> names = admin.listTopics().names().get().stream()
                .filter(n -> n.startsWith(APP_ID + "-") && n.endsWith("-changelog"))
                .collect(Collectors.toSet());
        Map<String, Integer> partitions = new TreeMap<>();
        for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
            partitions.put(d.name(), d.partitions().size());
        }
        return partitions;
    }

    /** One partner of the data set per partition in {@code partitions}, as the default partitioner places its key. */
    private Map<String, Integer> partnersOn(Set<Integer> partitions) throws IOException {
        Map<String, Integer> chosen = new LinkedHashMap<>();
        Set<Integer> wanted = new HashSet<>(partitions);
        try (BufferedReader r = Files.newBufferedReader(data.resolve(Replay.file(topics.partners())),
                StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null && !wanted.isEmpty(); line = r.readLine()) {
                if (!line.isBlank()) {
                    String id = JsonRecords.fromJson(line, Partner.class).getPartnerId();
                    int partition = Replay.partitionOf(id, o.partitions());
                    if (wanted.remove(partition)) {
                        chosen.put(id, partition);
                    }
                }
            }
        }
        if (!wanted.isEmpty()) {
            throw new IllegalStateException("no partner of the data set falls on partitions " + wanted);
        }
        return chosen;
    }

    /** A contribution from us to each partner: it changes the reciprocity evidence, so each gets a new score. */
    private void sendProbes(Set<String> partners, Instant eventTime, int run) {
        try (KafkaProducer<String, byte[]> producer = cluster.producer(null)) {
            for (String partner : partners) {
                CrmActivity a = CrmActivity.newBuilder()
                        .setActivityId("takeover-probe-" + run + "-" + partner)
                        .setPartnerId(partner)
                        .setOccurredAt(eventTime)
                        .setType(ActivityType.CONTRIBUTION)
                        .setDirection(Direction.OUTBOUND)
                        .setValueUsd(1000.0 * run)
                        .setSubject("take-over probe")
                        .build();
                producer.send(new ProducerRecord<>(topics.crmActivity(), null, eventTime.toEpochMilli(), partner,
                        cluster.encode(topics.crmActivity(), a)));
            }
            producer.flush();
        }
    }

    /** A read_committed consumer at the end of partner.risk. */
    private KafkaConsumer<String, byte[]> scoresConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topics.partnerRisk()).stream()
                .map(i -> new TopicPartition(topics.partnerRisk(), i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end now, before the kill
        return consumer;
    }

    /** Kafka's consumer default; the application does not change it unless kafka.session.timeout.ms is set. */
    static long defaultSessionTimeoutMs() {
        return ((Number) ConsumerConfig.configDef().defaultValues().get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))
                .longValue();
    }
}
