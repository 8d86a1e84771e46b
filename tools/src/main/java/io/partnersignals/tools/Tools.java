package io.partnersignals.tools;

import io.partnersignals.bench.BenchCatchUpCommand;
import io.partnersignals.bench.BenchCommand;
import io.partnersignals.bench.BenchLiveCommand;
import io.partnersignals.bench.BenchScaleCommand;
import io.partnersignals.bench.BenchSuiteCommand;
import io.partnersignals.demo.DemoCommand;
import io.partnersignals.runtime.Main;
import io.partnersignals.runtime.ReplayCommand;
import io.partnersignals.runtime.ResetCommand;
import io.partnersignals.runtime.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar partner-signals-tools.jar <command>}: the demo and the benchmarks, beside the
 * application's own commands, which the benchmarks start in child JVMs from this same jar.
 */
@Command(name = "partner-signals-tools", mixinStandardHelpOptions = true, version = "partner-signals-tools 0.1.0",
        description = "The demo and the benchmarks of partner-signals, and the application's own commands.",
        subcommands = {DemoCommand.class, BenchCommand.class, BenchLiveCommand.class, BenchCatchUpCommand.class,
                BenchScaleCommand.class, BenchSuiteCommand.class, RunCommand.class, ReplayCommand.class, ResetCommand.class})
public final class Tools implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Main.execute(new Tools(), args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
