package io.partnersignals.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the application on a Kafka cluster, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the application on a Kafka cluster until stopped (SIGTERM or Ctrl-C stop it cleanly).")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (setting kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--registry-url", description = "Confluent-compatible schema registry URL (setting registry.url).")
    String registryUrl;

    @Option(names = "--application-id", description = "Kafka Streams application id (setting application.id).")
    String applicationId;

    @Option(names = "--http-port", description = "Port of the HTTP endpoints (setting http.port).")
    Integer httpPort;

    @CommandLine.Mixin
    ConfigOptions configOptions;

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
