package io.partnersignals.bench;

import io.partnersignals.replay.Replay;
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

/** {@code bench}: replay throughput and peak memory on a synthetic data set. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Generates a synthetic data set and measures replay throughput and peak memory.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--partners", defaultValue = "10000", description = "Number of partners (default ${DEFAULT-VALUE}).")
    int partners;

    @Option(names = "--events", defaultValue = "1000000", description = "Number of events (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--days", defaultValue = "90", description = "Days the events span (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "20261127", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", description = "Where the data set and outputs go (default: a temp directory).")
    Path workDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = workDir != null ? workDir : Files.createTempDirectory("partner-signals-bench");
        ReplayBenchmark.run(new ReplayBenchmark.Options(partners, events, days, seed, dir), Replay.lines(System.out));
        return 0;
    }
}
