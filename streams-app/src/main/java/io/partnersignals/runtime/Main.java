package io.partnersignals.runtime;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar partner-signals.jar <command>}: the application's command line. Every option can
 * also come from the environment ({@link EnvironmentDefaults}), and every setting from a properties
 * file, the environment or {@code --set key=value} ({@link AppConfig}).
 */
@Command(name = "partner-signals", mixinStandardHelpOptions = true, version = "partner-signals 0.1.0",
        description = "Real-time partner-risk intelligence on Apache Kafka.",
        subcommands = {RunCommand.class, ReplayCommand.class, ResetCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new Main(), args));
    }

    /**
     * Runs {@code command} (this one, or the tools' command line) with {@code args}: options from the
     * environment as well, and a configuration mistake reported in one line with exit code 2.
     */
    public static int execute(Object command, String... args) {
        return execute(new CommandLine(command), args);
    }

    /** As {@link #execute(Object, String...)}, on a command line whose output and error streams the caller chose. */
    static int execute(CommandLine cli, String... args) {
        cli.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof AppConfig.ConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println(commandLine.getCommandSpec().root().name() + ": " + e.getMessage());
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
}
