package io.partnersignals.runtime;

import io.partnersignals.bench.BenchmarkSuite;
import io.partnersignals.bench.CatchUpBenchmark;
import io.partnersignals.bench.LiveBenchmark;
import io.partnersignals.bench.ScaleBenchmark;
import io.partnersignals.demo.Demo;
import io.partnersignals.demo.LiveTable;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayBenchmark;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.topology.TopologySettings;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar partner-signals.jar <command>}. Every option can also come from the
 * environment (PARTNER_SIGNALS_ + the option name in upper case), and every model setting from a
 * properties file, the environment or {@code --set key=value}.
 */
@Command(name = "partner-signals", mixinStandardHelpOptions = true, version = "partner-signals 0.1.0",
        description = "Real-time partner-risk intelligence on Apache Kafka.",
        subcommands = {Main.DemoCommand.class, Main.RunCommand.class, Main.ReplayCommand.class, Main.BenchCommand.class,
        Main.BenchLiveCommand.class, Main.BenchCatchUpCommand.class, Main.BenchScaleCommand.class,
        Main.BenchSuiteCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof AppConfig.ConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("partner-signals: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by every command that runs the topology. */
    /** The jar (or classes directory) the application was loaded from, or null when it cannot be told. */
    public static Path codeLocation() {
        try {
            var source = Main.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    static class ConfigOptions {
        @Option(names = "--config", description = "Properties file with settings (see README: Configuration).",
                defaultValue = "${env:PARTNER_SIGNALS_CONFIG}")
        Path config;

        @Option(names = "--set", description = "A setting, key=value; repeatable; wins over file and environment.")
        Map<String, String> overrides = new LinkedHashMap<>();

        AppConfig load() {
            return load(Map.of());
        }

        /** Loads the configuration; {@code flags} are settings given by dedicated options, below --set. */
        AppConfig load(Map<String, String> flags) {
            if (config != null && !Files.isRegularFile(config)) {
                throw new AppConfig.ConfigException("configuration file " + config + " does not exist");
            }
            Map<String, String> all = new LinkedHashMap<>(flags);
            all.putAll(overrides);
            return AppConfig.load(config, System.getenv(), all);
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"Runs everything on this machine, on loopback: an embedded Kafka broker, Apicurio Registry, "
                    + "the application, and the example story in accelerated time, with a live table of the scores.",
                    "Needs only Java and the build's streams-app/target (the jar and apicurio-registry/). "
                    + "Ctrl-C stops everything."})
    static final class DemoCommand implements Callable<Integer> {

        @Option(names = "--speed", defaultValue = "1",
                description = "How fast the story runs: 1 = a minute is three weeks of story, 2 = six weeks (default ${DEFAULT-VALUE}).")
        double speed;

        @Option(names = "--http-port", defaultValue = "8088", description = "Port of the page and the HTTP endpoints (default ${DEFAULT-VALUE}).")
        int httpPort;

        @Option(names = "--story", description = "A directory of <topic>.jsonl files like examples/story (default: the story in the jar).")
        Path story;

        @Option(names = "--set", description = "A setting, key=value; repeatable; wins over the demo's own.")
        Map<String, String> overrides = new LinkedHashMap<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Demo demo;
            try {
                demo = new Demo(new Demo.Options(speed, httpPort, story, overrides, System.out, LiveTable.onTerminal()));
            } catch (IllegalStateException e) { // e.g. no Apicurio Registry: the message says what to build or set
                spec.commandLine().getErr().println("partner-signals demo: " + e.getMessage());
                return 1;
            }
            Demo.logTo(demo.logFile());
            // Ctrl-C and SIGTERM: stop everything in order, then exit 0 (a JVM stopped by a signal would exit 128+n)
            Thread stop = new Thread(() -> {
                demo.close();
                System.out.println("\npartner-signals demo stopped");
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }, "demo-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                demo.start();
            } catch (RuntimeException e) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException stopping) {
                    Thread.currentThread().join(); // Ctrl-C while starting: the hook stops everything and exits
                }
                demo.close();
                spec.commandLine().getErr().println("partner-signals demo: " + e.getMessage());
                return 1;
            }
            Thread.currentThread().join(); // until Ctrl-C: the hook stops everything and exits
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs the application on a Kafka cluster until stopped (SIGTERM or Ctrl-C stop it cleanly).")
    static final class RunCommand implements Callable<Integer> {

        @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (setting kafka.bootstrap.servers).")
        String bootstrapServers;

        @Option(names = "--registry-url", description = "Confluent-compatible schema registry URL (setting registry.url).")
        String registryUrl;

        @Option(names = "--application-id", description = "Kafka Streams application id (setting application.id).")
        String applicationId;

        @Option(names = "--http-port", description = "Port of the HTTP endpoints (setting http.port).")
        Integer httpPort;

        @CommandLine.Mixin
        ConfigOptionsMixin configOptions;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> flags = new LinkedHashMap<>();
            if (bootstrapServers != null) {
                flags.put("kafka.bootstrap.servers", bootstrapServers);
            }
            if (registryUrl != null) {
                flags.put("registry.url", registryUrl);
            }
            if (applicationId != null) {
                flags.put("application.id", applicationId);
            }
            if (httpPort != null) {
                flags.put("http.port", String.valueOf(httpPort));
            }
            LiveApplication app = new LiveApplication(configOptions.load(flags));
            // SIGTERM and Ctrl-C: a clean stop exits 0, one cut short by shutdown.timeout exits 1
            StopSignals.exitZero();
            Thread stop = new Thread(() -> {
                if (!app.closeCleanly()) {
                    Runtime.getRuntime().halt(1);
                }
            }, "partner-signals-shutdown");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                app.start();
            } catch (RuntimeException e) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException stopping) {
                    app.awaitClose(); // stopped while starting: the hook closes everything
                    return 0;
                }
                app.close();
                throw e; // a configuration problem (state directory, topics) is reported by execute()
            }
            app.awaitClose();
            // stopped on its own error: a supervisor must see a failure and start it again
            return app.failed() ? 1 : 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Replays JSON Lines files through the topology and writes the output topics as files. "
                    + "Partners are split into topics.partitions partitions, as in the live topics, replayed side by side.")
    static final class ReplayCommand implements Callable<Integer> {

        @Option(names = "--input", required = true, description = "Directory with <topic>.jsonl input files.",
                defaultValue = "${env:PARTNER_SIGNALS_INPUT}")
        Path input;

        @Option(names = "--output", required = true, description = "Directory for the output files.",
                defaultValue = "${env:PARTNER_SIGNALS_OUTPUT}")
        Path output;

        @Option(names = "--until", description = "ISO-8601 instant the clock advances to after the last record.",
                defaultValue = "${env:PARTNER_SIGNALS_UNTIL}")
        String until;

        @CommandLine.Mixin
        ConfigOptionsMixin configOptions;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Instant untilInstant = null;
            if (until != null && !until.isBlank()) {
                try {
                    untilInstant = Instant.parse(until.trim());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--until '" + until
                            + "' is not an ISO-8601 instant; write it like 2026-09-01T00:00:00Z");
                }
            }
            AppConfig config = configOptions.load();
            // one task per partition, as the live application runs the same topics
            ReplayReport report = Replay.run(input, untilInstant, output, config.topologySettings(),
                    config.intValue("topics.partitions"), Replay.lines(System.err));
            spec.commandLine().getOut().println(report.summaryTable());
            spec.commandLine().getOut().println(report.summary());
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Generates a synthetic data set and measures replay throughput and peak memory.")
    static final class BenchCommand implements Callable<Integer> {

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
            ReplayBenchmark.run(partners, events, days, seed, dir, System.out);
            return 0;
        }
    }

    @Command(name = "bench-live", mixinStandardHelpOptions = true,
            description = "On an embedded broker and registry: the application's throughput against a transactional "
                    + "pass-through baseline, with its stream threads' CPU and the bytes it writes to Kafka per input "
                    + "record (cpu_us_per_event, bytes_per_event), and event-to-score latency at a fixed rate under "
                    + "exactly_once_v2 and at_least_once.")
    static final class BenchLiveCommand implements Callable<Integer> {

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

    @Command(name = "bench-catchup", mixinStandardHelpOptions = true,
            description = {"On an embedded broker and registry: a backlog of synthetic events is produced to the input "
                    + "topics, a transactional pass-through copies it (the baseline), then the application, with its "
                    + "defaults (exactly_once_v2), is started on it and timed until its consumer group's lag is zero "
                    + "(catchup_eps, catchup_ratio). The application runs in this JVM: give it a heap, "
                    + "e.g. java -Xmx2g -jar partner-signals.jar bench-catchup."})
    static final class BenchCatchUpCommand implements Callable<Integer> {

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

    @Command(name = "bench-suite", mixinStandardHelpOptions = true,
            description = "Runs bench, bench-live, bench-catchup and bench-scale one after the other, each in its own JVM "
                    + "from this jar, prints the one-line summary (bench: replay_eps=... e2e_ratio=... cpu_us_per_event=... "
                    + "bytes_per_event=... catchup_eps=... p99_ms_eos=... rss_mib=... restore_s=...) and rewrites the "
                    + "generated section of docs/benchmarks.md. Takes about 30 minutes; run it on an otherwise idle machine.")
    static final class BenchSuiteCommand implements Callable<Integer> {

        @Option(names = "--quick", description = "Small sizes, to check the suite itself in about 8 minutes; its figures mean "
                + "nothing, so it writes no document.")
        boolean quick;

        @Option(names = "--doc", defaultValue = "docs/benchmarks.md",
                description = "Document whose generated section is rewritten (default ${DEFAULT-VALUE}).")
        Path doc;

        @Option(names = "--no-doc", description = "Print the figures only; write no document.")
        boolean noDoc;

        @Option(names = "--work-dir", description = "Where the benchmarks' data, state and logs go (default: a temp directory).")
        Path workDir;

        @Override
        public Integer call() throws Exception {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("bench-suite runs its benchmarks from the shaded jar; build it with "
                        + "./mvnw -q -B package -DskipTests and run java -jar streams-app/target/partner-signals.jar bench-suite");
            }
            Path dir = workDir != null ? workDir : Files.createTempDirectory("partner-signals-bench-suite");
            List<BenchmarkSuite.StepResult> results = new BenchmarkSuite(jar, dir, System.out).run(BenchmarkSuite.steps(quick));
            BenchmarkSuite.Summary summary = BenchmarkSuite.summary(results);
            if (!noDoc && !quick) {
                BenchmarkSuite.write(doc, BenchmarkSuite.section(results, summary, BenchmarkSuite.Machine.current(),
                        Instant.now()));
                System.out.println("bench-suite: wrote " + doc.toAbsolutePath());
            }
            System.out.println(summary.line());
            return 0;
        }
    }

    @Command(name = "bench-scale", mixinStandardHelpOptions = true,
            description = {"On an embedded broker and registry, with the application in child JVMs: resident memory "
                    + "and state on disk after loading a large data set, the time to be ready again after a clean stop "
                    + "on the same state directory (and what that start restored), the time to restore that state from "
                    + "the changelogs after the state directory is wiped, and the time for a standby to take over when "
                    + "an instance is killed.",
                    "Needs the build's streams-app/target (the jar and apicurio-registry/)."})
    static final class BenchScaleCommand implements Callable<Integer> {

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

    /** Mixin wrapper so that picocli sees the shared options. */
    static final class ConfigOptionsMixin extends ConfigOptions {
    }
}
