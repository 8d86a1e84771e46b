package io.partnersignals.runtime;

import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replay}: JSON Lines files through the production topology, the output topics as files. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays JSON Lines files through the topology and writes the output topics as files. "
                + "Partners are split into topics.partitions partitions, as in the live topics, replayed side by side.")
public final class ReplayCommand implements Callable<Integer> {

    // required, but checked in call(): picocli would refuse a required option given by the environment
    @Option(names = "--input", description = "Directory with <topic>.jsonl input files (required).")
    Path input;

    @Option(names = "--output", description = "Directory for the output files (required).")
    Path output;

    @Option(names = "--until", description = "ISO-8601 instant the clock advances to after the last record.")
    String until;

    @CommandLine.Mixin
    ConfigOptions configOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (input == null || output == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "replay needs --input and --output (or "
                    + EnvironmentDefaults.variable("--input") + " and " + EnvironmentDefaults.variable("--output") + ")");
        }
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
        ReplayReport report = Replay.run(Replay.Options.of(input, untilInstant, output, config.topologySettings())
                .withPartitions(config.intValue("topics.partitions"))
                .withProgress(Replay.lines(System.err)));
        spec.commandLine().getOut().println(report.summaryTable());
        spec.commandLine().getOut().println(report.summary());
        return 0;
    }
}
