package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EnvironmentDefaultsTest {

    private static ReplayCommand parsedReplay(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        CommandLine.ParseResult result = cli.parseArgs(args);
        return (ReplayCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void anOptionNotGivenComesFromItsVariableAndTheCommandLineWins() {
        Map<String, String> env = Map.of("PARTNER_SIGNALS_INPUT", "/from-env/in", "PARTNER_SIGNALS_OUTPUT", "/from-env/out",
                "PARTNER_SIGNALS_UNTIL", "2026-09-01T00:00:00Z");
        ReplayCommand replay = parsedReplay(env, "replay", "--output", "/given/out");
        assertThat(replay.input).isEqualTo(Path.of("/from-env/in"));
        assertThat(replay.output).isEqualTo(Path.of("/given/out"));
        assertThat(replay.until).isEqualTo("2026-09-01T00:00:00Z");
    }

    @Test
    void theVariableFollowsTheSettingsRule() {
        assertThat(EnvironmentDefaults.variable("--http-port")).isEqualTo("PARTNER_SIGNALS_HTTP_PORT")
                .isEqualTo(AppConfig.envName("http.port"));
        assertThat(EnvironmentDefaults.variable("--config")).isEqualTo(AppConfig.CONFIG_FILE_ENV);
    }

    @Test
    void blankVariablesAndRepeatableOptionsAreNotTakenFromTheEnvironment() {
        ReplayCommand replay = parsedReplay(Map.of("PARTNER_SIGNALS_INPUT", " ", "PARTNER_SIGNALS_SET", "a=b"), "replay");
        assertThat(replay.input).isNull();
        assertThat(replay.configOptions.overrides).isEmpty();
    }

    @Test
    void replayWithoutItsDirectoriesIsAUsageErrorNamingTheVariables() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(new EnvironmentDefaults(Map.of()));
        cli.setErr(new java.io.PrintWriter(err));
        assertThat(cli.execute("replay", "--output", "/tmp/x")).isEqualTo(2);
        assertThat(err.toString()).contains("--input").contains("PARTNER_SIGNALS_INPUT");
    }

    @Test
    void theApplicationsCommandLineHasItsThreeCommandsAndNoTool() {
        assertThat(new CommandLine(new Main()).getSubcommands().keySet()).containsExactly("run", "replay", "reset");
    }
}
