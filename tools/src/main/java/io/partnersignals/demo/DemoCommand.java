package io.partnersignals.demo;

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

/** {@code demo}: everything on this machine, with the example story in accelerated time. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything on this machine, on loopback: an embedded Kafka broker, Apicurio Registry, "
                + "the application, and the example story in accelerated time, with a live table of the scores.",
                "Needs only Java and the build's tools/target (the jar and apicurio-registry/). "
                + "Ctrl-C stops everything."})
public final class DemoCommand implements Callable<Integer> {

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
