package io.partnersignals.runtime;

import io.partnersignals.config.ConfigDeclaration;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every single-valued command-line option can also come from the environment, by the rule settings
 * follow: {@code PARTNER_SIGNALS_} and the option's name in upper case, '-' as '_'
 * ({@code --http-port} is {@code PARTNER_SIGNALS_HTTP_PORT}). The command line wins.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment variable of an option, for example {@code --input}: {@code PARTNER_SIGNALS_INPUT}. */
    public static String variable(String optionName) {
        return ConfigDeclaration.envName(optionName.replaceFirst("^-+", ""));
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()
                || option.isMultiValue() || !option.longestName().startsWith("--")) {
            return null;
        }
        String value = environment.get(variable(option.longestName()));
        return value == null || value.isBlank() ? null : value;
    }
}
