package io.partnersignals.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole benchmark suite in one command: each benchmark runs as its own JVM from the
 * same jar (so that one's heap, threads and page cache do not weigh on the next, and so that every
 * figure comes from a command anyone can run alone), its figure lines are read back, the one-line
 * summary is printed and the generated section of {@code docs/benchmarks.md} is rewritten.
 */
public final class BenchmarkSuite {

    /** The generated section of the document sits between these two lines; the rest is left alone. */
    static final String BEGIN = "<!-- bench-suite:begin (written by `bench-suite`; edits here are overwritten) -->";
    static final String END = "<!-- bench-suite:end -->";

    private static final Pattern FIGURE = Pattern.compile("([a-z_0-9]+)=([^\\s]+)");

    /** One benchmark: its name, the arguments after {@code java [jvm] -jar partner-signals.jar}, and its JVM options. */
    public record Step(String name, List<String> jvmOptions, List<String> arguments) {
        String command() {
            List<String> parts = new ArrayList<>(List.of("java"));
            parts.addAll(jvmOptions);
            parts.add("-jar");
            parts.add("tools/target/partner-signals-tools.jar");
            parts.addAll(arguments);
            return String.join(" ", parts);
        }
    }

    /** The figure lines of a step's output, by their prefix (for example "replay" or "latency(eos)"). */
    public record StepResult(Step step, Map<String, Map<String, String>> lines, List<String> raw, Duration took) {
        String figure(String line, String key) {
            Map<String, String> l = lines.get(line);
            String v = l == null ? null : l.get(key);
            if (v == null) {
                throw new IllegalStateException("step " + step.name() + " printed no " + key + " on a '" + line
                        + ":' line; its output:\n" + String.join("\n", raw));
            }
            return v;
        }
    }

    /** The steps of a full run (the sizes the targets in docs/benchmarks.md are stated for) or of a quick one (to check the suite itself). */
    public static List<Step> steps(boolean quick) {
        if (quick) {
            return List.of(
                    new Step("replay", List.of("-Xmx1g"), List.of("bench", "--partners", "500", "--events", "20000")),
                    new Step("live", List.of(), List.of("bench-live", "--partners", "200", "--events", "5000",
                            "--latency-partners", "200", "--rate", "200", "--warmup", "2s", "--duration", "3s")),
                    new Step("catchup", List.of("-Xmx1g"), List.of("bench-catchup", "--partners", "200", "--events", "5000")),
                    new Step("scale", List.of(), List.of("bench-scale", "--partners", "500", "--events", "5000")));
        }
        return List.of(
                new Step("replay", List.of("-Xmx4g"), List.of("bench")),
                new Step("live", List.of(), List.of("bench-live")),
                // broker, registry, pass-through and application share this JVM; the backlog is on disk, not on the heap
                new Step("catchup", List.of("-Xmx2g"), List.of("bench-catchup")),
                new Step("scale", List.of(), List.of("bench-scale")));
    }

    private final Path jar;
    private final Path workDir;
    private final PrintStream out;

    public BenchmarkSuite(Path jar, Path workDir, PrintStream out) {
        this.jar = jar;
        this.workDir = workDir;
        this.out = out;
    }

    /** Runs the steps one after the other and returns their figures. */
    public List<StepResult> run(List<Step> steps) throws IOException, InterruptedException {
        List<StepResult> results = new ArrayList<>();
        for (Step step : steps) {
            results.add(run(step));
        }
        return results;
    }

    private StepResult run(Step step) throws IOException, InterruptedException {
        out.println("bench-suite: " + step.command());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(step.jvmOptions());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(step.arguments());
        command.add("--work-dir");
        Path dir = workDir.resolve(step.name());
        command.add(dir.toString());
        Files.createDirectories(dir);
        Path log = workDir.resolve(step.name() + ".log");
        // the child's output is read here, line by line; its log lines go to a file, not to our terminal
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> raw = new ArrayList<>();
        Map<String, Map<String, String>> lines = new LinkedHashMap<>();
        long started = System.nanoTime();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                logFile.write(line);
                logFile.newLine();
                String prefix = figurePrefix(line);
                if (prefix != null) {
                    out.println("  " + line);
                    raw.add(line);
                    lines.merge(prefix, figures(line), (a, b) -> {
                        Map<String, String> m = new LinkedHashMap<>(a);
                        m.putAll(b);
                        return m;
                    });
                }
            }
        } finally {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("step " + step.name() + " failed with exit code " + process.exitValue()
                    + "; see " + log);
        }
        return new StepResult(step, lines, raw, Duration.ofNanos(System.nanoTime() - started));
    }

    /** "replay", "live", "latency(eos)", ... for a figure line (a word, a colon, then key=value pairs); null otherwise. */
    static String figurePrefix(String line) {
        int colon = line.indexOf(": ");
        if (colon <= 0 || colon > 24 || !FIGURE.matcher(line.substring(colon)).find()) {
            return null;
        }
        String prefix = line.substring(0, colon);
        return prefix.matches("[a-z][a-z_-]*(\\([a-z]+\\))?") ? prefix : null;
    }

    static Map<String, String> figures(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher matcher = FIGURE.matcher(line);
        while (matcher.find()) {
            m.put(matcher.group(1), matcher.group(2));
        }
        return m;
    }

    /**
     * The figures the targets are stated for, taken from the steps' lines.
     *
     * @param replayEps      events per second of the whole replay command, {@code java -jar partner-signals.jar replay},
     *                       from its process's start to its exit (JVM start and input parsing included): bench's
     *                       {@code whole_command_eps}, not the in-process {@code events_per_s}
     * @param cpuUsPerEvent  CPU time of the application's stream threads per input record, bench-live's measured round
     * @param bytesPerEvent  bytes the broker appended to the application's topics per input record, same round
     * @param catchUpEps     input records per second of the application started on bench-catchup's backlog
     */
    public record Summary(double replayEps, double e2eRatio, double cpuUsPerEvent, double bytesPerEvent,
                          double catchUpEps, long p99MsEos, double rssMib, double restoreS) {
        /**
         * {@code bench: replay_eps=N e2e_ratio=R cpu_us_per_event=N bytes_per_event=N catchup_eps=N p99_ms_eos=N
         * rss_mib=N restore_s=N}.
         */
        public String line() {
            return String.format(Locale.ROOT, "bench: replay_eps=%.0f e2e_ratio=%.2f cpu_us_per_event=%.1f "
                            + "bytes_per_event=%.0f catchup_eps=%.0f p99_ms_eos=%d rss_mib=%.0f restore_s=%.1f",
                    replayEps, e2eRatio, cpuUsPerEvent, bytesPerEvent, catchUpEps, p99MsEos, rssMib, restoreS);
        }
    }

    public static Summary summary(List<StepResult> results) {
        StepResult replay = byName(results, "replay");
        StepResult live = byName(results, "live");
        StepResult catchUp = byName(results, "catchup");
        StepResult scale = byName(results, "scale");
        return new Summary(
                Double.parseDouble(replay.figure("replay", "whole_command_eps")),
                Double.parseDouble(live.figure("live", "e2e_ratio")),
                Double.parseDouble(live.figure("live", "cpu_us_per_event")),
                Double.parseDouble(live.figure("live", "bytes_per_event")),
                Double.parseDouble(catchUp.figure("catchup", "catchup_eps")),
                Long.parseLong(live.figure("latency(eos)", "p99_ms")),
                Double.parseDouble(scale.figure("scale", "rss_mib")),
                Double.parseDouble(scale.figure("restore", "restore_s")));
    }

    private static StepResult byName(List<StepResult> results, String name) {
        return results.stream().filter(r -> r.step().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " step in the suite"));
    }

    /** The generated section: when and where, the commands, the figures against the targets, the raw lines. */
    public static String section(List<StepResult> results, Summary summary, Machine machine, Instant at) {
        StringBuilder s = new StringBuilder();
        s.append(BEGIN).append("\n");
        s.append("## Current figures\n\n");
        s.append("Written by `java -jar tools/target/partner-signals-tools.jar bench-suite` on ")
                .append(at.truncatedTo(ChronoUnit.SECONDS)).append(machine.commit() == null ? "" : " at commit `" + machine.commit() + "`")
                .append(".\n\n");
        s.append("Machine: ").append(machine.describe()).append(".\n\n");
        s.append("```\n").append(summary.line()).append("\n```\n\n");
        StepResult catchUp = byName(results, "catchup");
        StepResult replay = byName(results, "replay");
        s.append("| figure | measured | target |\n| --- | --- | --- |\n");
        s.append(row("replay throughput, 10,000 partners, 1,000,000 events, 90 days: the whole command "
                        + "(`java -jar partner-signals.jar replay`) from its process's start to its exit, JVM start and "
                        + "input parsing included",
                String.format(Locale.ROOT, "%,.0f events/s (%.1f s; the replay alone, in process: %,.0f events/s)",
                        summary.replayEps(), Double.parseDouble(replay.figure("replay", "whole_command_s")),
                        Double.parseDouble(replay.figure("replay", "events_per_s"))),
                "≥ 100,000 events/s for the whole command"));
        s.append(row("live application / transactional pass-through, exactly_once_v2, bench-live's defaults",
                String.format(Locale.ROOT, "%.2f", summary.e2eRatio()), "≥ 0.25"));
        s.append(row("stream-thread CPU per input record (same run)",
                String.format(Locale.ROOT, "%.1f µs", summary.cpuUsPerEvent()), "≤ 30 µs"));
        s.append(row("bytes written to Kafka per input record: outputs, changelogs, repartition topics (same run)",
                String.format(Locale.ROOT, "%,.0f bytes", summary.bytesPerEvent()), "≤ 2.5 KB"));
        s.append(row("catch-up: started on a backlog of 1,000,000 events (10,000 partners, 90 days) until its lag is zero",
                String.format(Locale.ROOT, "%,.0f events/s (%s × the pass-through's %,.0f)", summary.catchUpEps(),
                        catchUp.figure("catchup", "catchup_ratio"),
                        Double.parseDouble(catchUp.figure("catchup", "baseline_eps"))), "against the pass-through"));
        s.append(row("latency p99, exactly_once_v2, 2,000 events/s", summary.p99MsEos() + " ms", "< 250 ms"));
        s.append(row("resident memory with 100,000 partners' state",
                String.format(Locale.ROOT, "%,.0f MiB", summary.rssMib()), "< 1,024 MiB"));
        s.append(row("restore from the changelog after the state is wiped",
                String.format(Locale.ROOT, "%.1f s", summary.restoreS()), "≤ 20 s"));
        StepResult scale = byName(results, "scale");
        s.append(row("restart after a clean stop (SIGTERM), same state directory: process start to ready",
                String.format(Locale.ROOT, "%.1f s, %s records restored", Double.parseDouble(scale.figure("clean-restart",
                        "ready_s")), scale.figure("clean-restart", "restored_records")), "restores nothing it has"));
        s.append("\nCommands, in the order they ran (each in its own JVM, one after the other), with their figure lines:\n");
        for (StepResult r : results) {
            s.append("\n```\n$ ").append(r.step().command()).append("\n");
            r.raw().forEach(line -> s.append(line).append("\n"));
            s.append("```\n");
            s.append(String.format(Locale.ROOT, "(%.0f s)%n", r.took().toMillis() / 1000.0));
        }
        s.append(END).append("\n");
        return s.toString();
    }

    private static String row(String what, String measured, String target) {
        return "| " + what + " | **" + measured + "** | " + target + " |\n";
    }

    /**
     * Replaces the generated section of {@code doc} (or appends one, or creates the file); the
     * hand-written text around it, such as the before-and-after history, stays as it is.
     */
    public static void write(Path doc, String section) {
        try {
            String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n";
            int b = text.indexOf(BEGIN);
            int e = text.indexOf(END);
            String updated;
            if (b >= 0 && e > b) {
                int after = text.indexOf('\n', e);
                updated = text.substring(0, b) + section + (after < 0 ? "" : text.substring(after + 1));
            } else {
                updated = text + (text.endsWith("\n") ? "\n" : "\n\n") + section;
            }
            Files.createDirectories(doc.toAbsolutePath().getParent());
            Files.writeString(doc, updated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + doc, e);
        }
    }

    /** What the figures were measured on. */
    public record Machine(int cores, long memoryMib, String cpu, String os, String jdk, String commit) {

        public static Machine current() {
            String cpu = null;
            long memory = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).strip();
                        break;
                    }
                }
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        memory = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: the figures stay without a CPU model
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), memory, cpu,
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), gitCommit());
        }

        String describe() {
            return String.format(Locale.ROOT, "%d cores%s, %,d MiB memory, %s, %s", cores,
                    cpu == null ? "" : " (" + cpu + ")", memoryMib, os, jdk);
        }

        private static String gitCommit() {
            try {
                Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
                String commit = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && commit.matches("[0-9a-f]{7,40}")
                        ? commit : null;
            } catch (IOException | InterruptedException e) {
                return null;
            }
        }
    }
}
