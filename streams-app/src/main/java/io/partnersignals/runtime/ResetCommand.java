package io.partnersignals.runtime;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reset}: prepares the application to recompute everything from the retained input (see
 * {@link ApplicationReset}). Exit code 0 when done (or the dry run reported), 1 when refused because the
 * application still runs, 2 for a configuration mistake.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Prepares the application to recompute everything from the retained input, e.g. after a "
                + "model change: rewinds the application's consumer group to the earliest offsets of the input "
                + "topics, deletes its internal topics (changelogs, repartition topics) and removes this host's "
                + "state directory of the application. Output topics are not touched.",
                "Stop every instance first; reset refuses while the group has active members. Run it on every host "
                + "that keeps a state directory of the application (again is harmless), then start the instances."})
public final class ResetCommand implements Callable<Integer> {

    @Option(names = "--dry-run", description = "Only print what would be reset, deleted and removed.")
    boolean dryRun;

    @Option(names = "--keep-local-state",
            description = "Leave this host's state directory in place (when it is wiped otherwise, e.g. a volume removed).")
    boolean keepLocalState;

    @CommandLine.Mixin
    ConfigOptions configOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AppConfig loaded;
        ApplicationReset reset;
        try {
            loaded = configOptions.load();
            reset = new ApplicationReset(loaded);
        } catch (AppConfig.ConfigException | IllegalArgumentException e) {
            err.println("partner-signals reset: " + e.getMessage());
            return 2;
        }
        try {
            ResetSummary summary = reset.reset(new ResetOptions(dryRun, keepLocalState));
            summary.lines().forEach(out::println);
            out.flush();
            return 0;
        } catch (ApplicationReset.Refused e) {
            err.println("partner-signals reset refused: " + e.getMessage());
            return 1;
        } catch (AppConfig.ConfigException e) {
            err.println("partner-signals reset: " + e.getMessage());
            return 2;
        } catch (org.apache.kafka.common.KafkaException e) {
            // the Kafka client refused its settings (e.g. a bootstrap server that does not resolve)
            err.println("partner-signals reset: the Kafka settings do not work: " + e.getMessage()
                    + "; check kafka.bootstrap.servers and the other kafka.* settings");
            return 2;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            err.println("partner-signals reset failed: " + e.getMessage()
                    + "\nA reset can be repeated: fix the cause and run it again before starting the application.");
            return 1;
        }
    }
}
