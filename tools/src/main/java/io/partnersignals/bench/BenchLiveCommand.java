package io.partnersignals.bench;

import io.partnersignals.runtime.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench-live}: the live application against a transactional pass-through, and its latency. */
@Command(name = "bench-live", mixinStandardHelpOptions = true,
        description = "On an embedded broker and registry: the application's throughput against a transactional "
                + "pass-through baseline, with its stream threads' CPU and the bytes it writes to Kafka per input "
                + "record (cpu_us_per_event, bytes_per_event), and event-to-score latency at a fixed rate under "
                + "exactly_once_v2 and at_least_once.")
public final class BenchLiveCommand implements Callable<Integer> {

    @Option(names = "--partners", defaultValue = "2000", description = "Partners of the throughput data set (default ${DEFAULT-VALUE}).")
    int partners;

    @Option(names = "--events", defaultValue = "100000", description = "Events of the throughput data set (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--days", defaultValue = "90", description = "Days the throughput events span (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "20261127", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
            description = "Processing guarantee of the throughput run, app and baseline (default ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--rate", defaultValue = "2000", description = "Input events per second of the latency runs (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--latency-partners", defaultValue = "2000",
            description = "Partners the latency events go to, round robin (default ${DEFAULT-VALUE}).")
    int latencyPartners;

    @Option(names = "--warmup", defaultValue = "5s", description = "Paced input before latency is recorded (default ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--duration", defaultValue = "20s", description = "Recorded paced input per latency run (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--stream-threads", defaultValue = "1",
            description = "Stream threads of the application in the throughput run, as kafka.num.stream.threads "
                    + "(default ${DEFAULT-VALUE}, Kafka Streams' own).")
    int streamThreads;

    @Option(names = "--work-dir", description = "Where the data set and state go (default: a temp directory).")
    Path workDir;

    @Option(names = "--set", description = "An application setting, key=value (e.g. kafka.producer.batch.size=262144); "
            + "repeatable; applies to the application in every run, not to the baselines.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--throughput-only", description = "Run the two throughput rounds only, no latency runs.")
    boolean throughputOnly;

    @Override
    public Integer call() throws Exception {
        Path dir = workDir != null ? workDir : Files.createTempDirectory("partner-signals-bench-live");
        new LiveBenchmark(new LiveBenchmark.Options(partners, events, days, seed, guarantee, streamThreads, rate, latencyPartners,
                AppConfig.parseDuration(warmup), AppConfig.parseDuration(duration), dir, overrides, throughputOnly),
                System.out).run();
        return 0;
    }
}
