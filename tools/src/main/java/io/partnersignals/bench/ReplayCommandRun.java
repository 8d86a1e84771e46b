package io.partnersignals.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replay as a user runs it, timed from outside:
 * {@code java -jar partner-signals.jar replay --input <dir> --until <instant> --output <dir>} in a child
 * JVM (no JVM options, the PARTNER_SIGNALS_* settings of this environment not passed on; see
 * {@link ChildJvm}), from just before the process is started until it has exited. The wall time so
 * includes everything a user waits for: the JVM's start, reading and parsing the input files, the
 * replay, writing the outputs, printing the summary and the JVM's exit.
 *
 * <p>The command's own lines give the breakdown: {@code replay: read N reference records and M events
 * from DIR in X s} (standard error) is the reading and parsing of the input; {@code N events replayed in
 * P partitions on T threads in Y s} (standard output) is the whole {@code Replay.run}, reading included.
 * What is left of the wall time is the JVM's start and exit, the configuration and the printing.
 *
 * <p>Peak memory is the child's VmHWM in {@code /proc/<pid>/status}, read every
 * {@value #SAMPLE_EVERY_MS} ms while it runs (the file's lines go when the process exits, so the last
 * few milliseconds may be missed); -1 where there is no such file.
 */
public final class ReplayCommandRun {

    static final long SAMPLE_EVERY_MS = 10;
    /** A 1,000,000-event replay takes about a minute; a command that takes this long is stuck. */
    static final Duration TIMEOUT = Duration.ofHours(1);
    private static final int TAIL_LINES = 30;

    private static final Pattern READ = Pattern.compile(
            "replay: read (\\d+) reference records and (\\d+) events from (.*) in (\\d+(?:\\.\\d+)?) s(?:;.*)?");
    private static final Pattern REPLAYED = Pattern.compile(
            "(\\d+) events replayed in (\\d+) partitions on (\\d+) threads in (\\d+(?:\\.\\d+)?) s(?:,.*)?");

    private ReplayCommandRun() {
    }

    /**
     * What the replay command printed about its own run.
     *
     * @param referenceRecords partners and competitors read
     * @param eventsRead       events read from the three event files
     * @param readSeconds      reading and parsing the input files
     * @param eventsReplayed   events piped through the topology
     * @param partitions       partitions replayed
     * @param threads          threads they were replayed on
     * @param replaySeconds    the whole replay: reading, running the topology, writing the outputs
     */
    public record Breakdown(long referenceRecords, long eventsRead, double readSeconds, long eventsReplayed,
                            int partitions, int threads, double replaySeconds) {}

    /**
     * One run of the command.
     *
     * @param command   the command line
     * @param wall      from just before the process was started until it had exited
     * @param breakdown what the command printed about its run
     * @param rssHwmKib the child's peak resident set size (VmHWM) in KiB, or -1 when it could not be read
     * @param stdout    the file with its standard output
     * @param stderr    the file with its standard error
     */
    public record Result(List<String> command, Duration wall, Breakdown breakdown, long rssHwmKib, Path stdout,
                         Path stderr) {

        public double wallSeconds() {
            return wall.toNanos() / 1e9;
        }

        /** Events replayed per second of the whole command. */
        public double wholeCommandEps() {
            double s = wallSeconds();
            return s <= 0 ? 0 : breakdown.eventsReplayed() / s;
        }

        /**
         * {@code replay: whole_command_s=N whole_command_eps=N command_events=N command_read_s=N
         * command_replay_s=N command_outside_replay_s=N command_rss_hwm_mib=N}.
         */
        public String line() {
            return String.format(Locale.ROOT, "replay: whole_command_s=%.3f whole_command_eps=%.0f command_events=%d "
                            + "command_read_s=%.3f command_replay_s=%.3f command_outside_replay_s=%.3f command_rss_hwm_mib=%s",
                    wallSeconds(), wholeCommandEps(), breakdown.eventsReplayed(), breakdown.readSeconds(),
                    breakdown.replaySeconds(), Math.max(0, wallSeconds() - breakdown.replaySeconds()),
                    rssHwmKib < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", rssHwmKib / 1024.0));
        }
    }

    /**
     * Runs {@code replay --input <input> --until <until> --output <output>} in a child JVM from this JVM's
     * jar (or classes), its standard output and error written to {@code logDir/replay-command.out} and
     * {@code .err}; returns when it has exited.
     *
     * @throws IllegalStateException if the command fails, takes longer than {@link #TIMEOUT}, or does not
     *                               print the lines of its breakdown
     */
    public static Result run(Path input, Instant until, Path output, Path logDir) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("replay", "--input", input.toAbsolutePath().toString()));
        if (until != null) {
            arguments.addAll(List.of("--until", until.toString()));
        }
        arguments.addAll(List.of("--output", output.toAbsolutePath().toString()));
        List<String> command = ChildJvm.command(List.of(), arguments);
        Files.createDirectories(logDir);
        Path stdout = logDir.resolve("replay-command.out");
        Path stderr = logDir.resolve("replay-command.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        ChildJvm.withoutSettings(builder.environment());

        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close(); // its standard input: nothing
        Thread hook = new Thread(process::destroyForcibly, "bench-stop-replay-command");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            process.destroyForcibly(); // this JVM is already stopping: the command must not outlive it
            throw e;
        }
        long hwm = -1;
        long deadline = started + TIMEOUT.toNanos();
        try {
            while (!process.waitFor(SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS)) {
                ProcessMemory m = ProcessMemory.of(process.pid());
                if (m != null && m.hwmKib() > hwm) {
                    hwm = m.hwmKib();
                }
                if (System.nanoTime() - deadline > 0) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException("the replay command did not end within " + TIMEOUT + "; killed it. "
                            + String.join(" ", command));
                }
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // this JVM is stopping: the hook runs anyway and finds the process gone
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);

        List<String> lines = new ArrayList<>(readLines(stderr));
        lines.addAll(readLines(stdout));
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the replay command failed with exit code " + process.exitValue() + ": "
                    + String.join(" ", command) + "\n" + tail(lines));
        }
        Breakdown breakdown = parse(lines);
        if (breakdown == null) {
            throw new IllegalStateException("the replay command printed no 'replay: read ... in X s' or no "
                    + "'N events replayed ... in Y s' line (see " + stdout + " and " + stderr + "); it ended with:\n"
                    + tail(lines));
        }
        return new Result(List.copyOf(command), wall, breakdown, hwm, stdout, stderr);
    }

    /**
     * The breakdown from the command's lines (standard error and output, in any order): the first
     * {@code replay: read ... in X s} line and the first {@code N events replayed ... in Y s} line; null
     * when either is missing.
     */
    static Breakdown parse(List<String> lines) {
        Matcher read = null;
        Matcher replayed = null;
        for (String line : lines) {
            String l = line.strip();
            if (read == null) {
                Matcher m = READ.matcher(l);
                if (m.matches()) {
                    read = m;
                    continue;
                }
            }
            if (replayed == null) {
                Matcher m = REPLAYED.matcher(l);
                if (m.matches()) {
                    replayed = m;
                }
            }
        }
        if (read == null || replayed == null) {
            return null;
        }
        return new Breakdown(Long.parseLong(read.group(1)), Long.parseLong(read.group(2)),
                Double.parseDouble(read.group(4)), Long.parseLong(replayed.group(1)),
                Integer.parseInt(replayed.group(2)), Integer.parseInt(replayed.group(3)),
                Double.parseDouble(replayed.group(4)));
    }

    private static List<String> readLines(Path file) {
        try {
            // decoded leniently: a name in the score table must not hide the lines sought
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
                    : List.of();
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
}
