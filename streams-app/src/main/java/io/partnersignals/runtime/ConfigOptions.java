package io.partnersignals.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that runs the topology shares: a properties file and {@code --set}
 * overrides, loaded with the environment by {@link AppConfig#load}'s one rule.
 */
public class ConfigOptions {

    @Option(names = "--config", description = "Properties file with settings (see docs/operations.md, Configuration).")
    Path config;

    @Option(names = "--set", description = "A setting, key=value; repeatable; wins over file and environment.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Loads the configuration. */
    public AppConfig load() {
        return load(Map.of());
    }

    /** Loads the configuration; {@code flags} are settings given by dedicated options, below --set. */
    public AppConfig load(Map<String, String> flags) {
        Map<String, String> all = new LinkedHashMap<>(flags);
        all.putAll(overrides);
        return AppConfig.fromCommandLine(config, System.getenv(), all);
    }
}
