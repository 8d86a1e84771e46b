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

/** {@code bench-scale}: memory, state, restart, restore and take-over at scale. */
@Command(name = "bench-scale", mixinStandardHelpOptions = true,
        description = {"On an embedded broker and registry, with the application in child JVMs: resident memory "
                + "and state on disk after loading a large data set, the time to be ready again after a clean stop "
                + "on the same state directory (and what that start restored), the time to restore that state from "
                + "the changelogs after the state directory is wiped, and the time for a standby to take over when "
                + "an instance is killed.",
                "Needs the build's tools/target (the jar and apicurio-registry/)."})
public final class BenchScaleCommand implements Callable<Integer> {

    @Option(names = "--partners", defaultValue = "100000", description = "Partners of the data set (default ${DEFAULT-VALUE}).")
    int partners;

    @Option(names = "--events", defaultValue = "1000000",
            description = "Events of the data set, about 10 per partner by default (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--days", defaultValue = "90", description = "Days the events span (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "20261127", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of every topic, as topics.partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of the application's JVMs (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--skip-standby", description = "Measure load and restore only, not the standby take-over.")
    boolean skipStandby;

    @Option(names = "--short-session-timeout", defaultValue = "6s",
            description = "Session timeout of the second take-over; 0 for no second take-over (default ${DEFAULT-VALUE}).")
    String shortSessionTimeout;

    @Option(names = "--work-dir", description = "Where the data set, state and logs go (default: a temp directory).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Duration shortTimeout = shortSessionTimeout.trim().equals("0") ? Duration.ZERO
                : AppConfig.parseDuration(shortSessionTimeout);
        new ScaleBenchmark(new ScaleBenchmark.Options(partners, events, days, seed, partitions, heap, !skipStandby,
                shortTimeout, workDir), System.out).run();
        return 0;
    }
}
