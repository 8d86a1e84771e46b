package io.partnersignals.runtime;

import io.partnersignals.replay.ConfigComparison;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.topology.TopologySettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
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

    @Option(names = "--compare-config", paramLabel = "FILE", description = "Properties file of model.* settings to try on "
            + "top of the configuration: replays twice (into <output>/current and <output>/changed) and writes and "
            + "prints what the change would have changed, per partner and alert.")
    Path compareConfig;

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
        Replay.Options options = Replay.Options.of(input, untilInstant, output, config.topologySettings())
                .withPartitions(config.intValue("topics.partitions"))
                .withProgress(Replay.lines(System.err));
        if (compareConfig != null) {
            return compare(config, options);
        }
        ReplayReport report = Replay.run(options);
        spec.commandLine().getOut().println(report.summaryTable());
        spec.commandLine().getOut().println(report.summary());
        return 0;
    }

    /** --compare-config: both configurations are checked before anything is replayed. */
    private int compare(AppConfig config, Replay.Options options) {
        TopologySettings changed;
        try {
            changed = config.withModelSettings(compareConfig).topologySettings();
        } catch (AppConfig.ConfigException e) {
            throw new AppConfig.ConfigException(e.getMessage().startsWith("invalid configuration")
                    ? "--compare-config " + compareConfig + ": " + e.getMessage() : e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> settings = ConfigComparison.settingChanges(options.settings(), changed);
        out.println("comparing the configuration with " + compareConfig + ": "
                + (settings.isEmpty() ? "(no model setting differs)" : String.join(", ", settings)));
        ConfigComparison.Replays replays = ConfigComparison.replay(options, changed);
        out.print(replays.comparison().table());
        out.println();
        out.println(replays.comparison().summaryLine());
        out.println("wrote to " + output + ": " + ConfigComparison.PARTNERS_FILE + " " + replays.comparison().partners().size()
                + ", " + ConfigComparison.ALERTS_FILE + " " + replays.comparison().alerts().size()
                + "; each run's own files to " + replays.current().outputDir() + " and " + replays.changed().outputDir());
        return 0;
    }
}
