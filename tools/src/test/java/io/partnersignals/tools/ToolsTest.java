package io.partnersignals.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ToolsTest {

    @Test
    void theToolsCommandLineHasTheDemoTheBenchmarksAndTheApplicationsCommands() {
        assertThat(new CommandLine(new Tools()).getSubcommands().keySet()).containsExactly("demo", "bench", "bench-live",
                "bench-catchup", "bench-scale", "bench-suite", "run", "replay", "reset");
    }

    @Test
    void withoutACommandItPrintsItsUsage() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Tools());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute()).isZero();
        assertThat(out.toString()).contains("partner-signals-tools").contains("demo").contains("bench-suite");
    }
}
