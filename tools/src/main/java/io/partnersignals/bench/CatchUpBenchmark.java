package io.partnersignals.bench;

import io.partnersignals.embedded.EmbeddedKafka;
import io.partnersignals.bench.ReplayBenchmark;
import io.partnersignals.runtime.AppConfig;
import io.partnersignals.runtime.LiveApplication;
import io.partnersignals.topology.TopicNames;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Catch-up: the application started on a backlog already in its input topics, as
 * after an outage or on a first deployment. On the embedded broker and registry ({@link BenchCluster}):
 *
 * <ol>
 *   <li>ReplayBenchmark's synthetic data set (by default 1,000,000 events of 10,000 partners over 90
 *   days) is produced to the input topics;</li>
 *   <li>the transactional pass-through ({@link PassThrough#transactional}, the application's guarantee,
 *   a commit every 100 ms) copies the whole backlog to one topic twice, under two groups: the first copy
 *   warms the JVM's compiler for it (it takes seconds where the application takes minutes, so a cold
 *   start would weigh on its figure alone), the second is the baseline;</li>
 *   <li>the application, with its defaults (exactly_once_v2, its commit interval, one stream thread,
 *   the default partition count) except that only event time moves its clock, is started on the same
 *   backlog in this JVM; it is timed from its start until its consumer group has committed every input
 *   partition to its end (its lag is zero). Its CPU and the bytes written per input record are measured
 *   as bench-live measures them ({@link CostMeter}).</li>
 * </ol>
 */
public final class CatchUpBenchmark {

    static final String APP_ID = "bench-catchup";
    /** The pass-through's progress is not printed; the application's is, this often. */
    private static final long PROGRESS_NANOS = 30_000_000_000L;

    /**
     * @param partitions the input topics' partitions, as the application's topics.partitions
     * @param overrides  application settings applied last
     * @param workDir    where the data set and state go; null: a new temp directory
     */
    public record Options(int partners, int events, int days, long seed, int partitions, Map<String, String> overrides,
                          Path workDir) {
        public Options {
            overrides = Map.copyOf(overrides);
        }
    }

    /**
     * @param records    input records in the backlog (events and reference records)
     * @param catchUpEps input records per second of the application from its start until its lag is zero
     * @param runningEps the same from RUNNING (start-up excluded)
     * @param baselineEps the transactional pass-through's, from its start until its lag is zero
     */
    public record Result(long records, long events, double catchUpEps, double runningEps, double baselineEps,
                         CostMeter.Cost cost) {
        public double ratio() {
            return catchUpEps / baselineEps;
        }
    }

    private final Options o;
    private final PrintStream out;

    public CatchUpBenchmark(Options options, PrintStream out) {
        if (options.partitions() < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + options.partitions());
        }
        this.o = options;
        this.out = out;
    }

    public Result run() throws Exception {
        Path workDir = o.workDir() != null ? Files.createDirectories(o.workDir())
                : Files.createTempDirectory("partner-signals-bench-catchup");
        // generous deadlines that grow with the backlog: they end a stuck run, they do not pace one
        Duration timeout = Duration.ofMinutes(10).plusSeconds(o.events() / 250L);
        Path data = workDir.resolve("data");
        Path state = workDir.resolve("state-" + APP_ID);
        try (BenchCluster cluster = BenchCluster.start()) {
            TopicNames t = TopicNames.defaults();
            cluster.createTopics(t, o.partitions());
            ReplayBenchmark.DataSet set = ReplayBenchmark.generate(o.partners(), o.events(), o.days(), o.seed(), data, t);
            long p0 = System.nanoTime();
            long records = cluster.produceDataSet(data, t);
            out.printf(Locale.ROOT, "catchup: produced a backlog of %d input records (%d events of %d partners over %d days) "
                    + "in %.1f s%n", records, set.events(), set.partners(), o.days(), (System.nanoTime() - p0) / 1e9);
            List<String> inputs = List.of(t.partners(), t.competitors(), t.crmActivity(), t.webCrawl(), t.pricingEvents());

            Map<String, String> s = cluster.appSettings(APP_ID, t, o.partitions(), state, BenchCluster.freePort());
            s.put("scoring.idle-advance", "false"); // historical events: only event time moves the clock
            s.putAll(o.overrides());
            AppConfig config = AppConfig.load(null, Map.of(), s);
            // the baseline keeps the application's guarantee: its default (LiveApplication's), unless --set changes it
            String guarantee = config.kafkaProperties().getOrDefault(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                    StreamsConfig.EXACTLY_ONCE_V2);

            double warmS = PassThrough.transactional(cluster, inputs, "catchup.passthrough-warmup",
                    "bench-catchup-baseline-warmup", guarantee, o.partitions(), timeout);
            double baselineS = PassThrough.transactional(cluster, inputs, "catchup.passthrough", "bench-catchup-baseline",
                    guarantee, o.partitions(), timeout);
            out.printf(Locale.ROOT, "catchup: the pass-through copied the backlog in %.1f s (%.1f s the first time, "
                    + "the JVM cold)%n", baselineS, warmS);

            // competitors is a global table: its consumer commits no offsets, so it is not waited for
            List<String> committed = inputs.stream().filter(i -> !i.equals(t.competitors())).toList();
            CostMeter meter = new CostMeter(APP_ID, LiveBenchmark.outputs(t));
            long a0 = System.nanoTime();
            long runningAt;
            long a1;
            CostMeter.Cost cost;
            try (LiveApplication app = new LiveApplication(config)) {
                app.start();
                runningAt = LiveBenchmark.awaitRunning(app.streams(), Duration.ofMinutes(2));
                long[] printedAt = {System.nanoTime()};
                cluster.awaitCaughtUp(APP_ID, committed, timeout, () -> meter.sample(app.streams()), lag -> {
                    long now = System.nanoTime();
                    if (now - printedAt[0] >= PROGRESS_NANOS) {
                        printedAt[0] = now;
                        out.printf(Locale.ROOT, "catch-up progress: %d input records behind after %.0f s%n", lag,
                                (now - a0) / 1e9);
                    }
                });
                a1 = System.nanoTime(); // closing is not processing
                cost = meter.stop(app.streams(), records);
            }
            double appS = (a1 - a0) / 1e9;
            Result r = new Result(records, set.events(), records / appS, records / ((a1 - runningAt) / 1e9),
                    records / baselineS, cost);
            out.printf(Locale.ROOT, "catchup: catchup_eps=%.0f baseline_eps=%.0f catchup_ratio=%.3f catchup_running_eps=%.0f "
                            + "catchup_s=%.1f baseline_s=%.1f records=%d events=%d partners=%d days=%d partitions=%d "
                            + "guarantee=%s%n",
                    r.catchUpEps(), r.baselineEps(), r.ratio(), r.runningEps(), appS, baselineS, records, set.events(),
                    set.partners(), o.days(), o.partitions(), guarantee);
            out.println(cost.line("catchup(cost)"));
            out.println(cost.topicsLine("catchup:"));
            return r;
        } finally {
            EmbeddedKafka.deleteRecursively(data);
            EmbeddedKafka.deleteRecursively(state);
        }
    }
}
