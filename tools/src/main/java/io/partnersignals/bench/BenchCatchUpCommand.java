package io.partnersignals.bench;

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

/** {@code bench-catchup}: the time to work off a backlog. */
@Command(name = "bench-catchup", mixinStandardHelpOptions = true,
        description = {"On an embedded broker and registry: a backlog of synthetic events is produced to the input "
                + "topics, a transactional pass-through copies it (the baseline), then the application, with its "
                + "defaults (exactly_once_v2), is started on it and timed until its consumer group's lag is zero "
                + "(catchup_eps, catchup_ratio). The application runs in this JVM: give it a heap, "
                + "e.g. java -Xmx2g -jar partner-signals.jar bench-catchup."})
public final class BenchCatchUpCommand implements Callable<Integer> {

    @Option(names = "--partners", defaultValue = "10000", description = "Partners of the backlog (default ${DEFAULT-VALUE}).")
    int partners;

    @Option(names = "--events", defaultValue = "1000000", description = "Events of the backlog (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--days", defaultValue = "90", description = "Days the events span (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "20261127", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of every topic, as topics.partitions (default ${DEFAULT-VALUE}, the application's).")
    int partitions;

    @Option(names = "--work-dir", description = "Where the data set and state go (default: a temp directory).")
    Path workDir;

    @Option(names = "--set", description = "An application setting, key=value; repeatable; applies to the application, "
            + "and its kafka.processing.guarantee to the baseline too.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        new CatchUpBenchmark(new CatchUpBenchmark.Options(partners, events, days, seed, partitions, overrides, workDir),
                System.out).run();
        return 0;
    }
}
