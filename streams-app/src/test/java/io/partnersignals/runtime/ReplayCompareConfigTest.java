package io.partnersignals.runtime;

import io.partnersignals.model.RiskModelConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.ConfigComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code replay --compare-config FILE} on the command line: a bad FILE stops it before anything is replayed. */
class ReplayCompareConfigTest {

    static final String STORY = "../examples/story";
    static final String UNTIL = "2026-09-01T00:00:00Z";

    @TempDir
    Path tmp;

    /** Exit code, standard output and standard error of one command. */
    record Outcome(int exitCode, String out, String err) {}

    static Outcome replay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.execute(cli, all);
        return new Outcome(code, out.toString(), err.toString());
    }

    Outcome compareWith(String fileContent) throws IOException {
        Path file = tmp.resolve("what-if.properties");
        Files.writeString(file, fileContent);
        return replay("--input", STORY, "--until", UNTIL, "--output", tmp.resolve("out").toString(),
                "--compare-config", file.toString());
    }

    @Test
    void aKeyOtherThanAModelSettingIsRefusedByNameWithTheFilesOtherProblems() throws IOException {
        Outcome o = compareWith("model.weight.sponsorship=-1\ntopic.alerts=other.alerts\n");

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("'topic.alerts' (from file " + tmp.resolve("what-if.properties")
                + " (--compare-config)) is not a model setting: --compare-config changes only model.* settings");
        assertThat(o.err()).contains("model.weight.sponsorship = '-1' (from file " + tmp.resolve("what-if.properties")
                + " (--compare-config)) must be 0.0 or more");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void anUnknownModelKeyIsRefusedByName() throws IOException {
        Outcome o = compareWith("model.weight.friendship=0.2\n");

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("unknown setting 'model.weight.friendship' (from file "
                + tmp.resolve("what-if.properties") + " (--compare-config)); known model settings: model.alert-margin,");
        assertThat(o.err()).doesNotContain("http.port");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aBadValueNamesKeyValueAndWhatIsExpected() throws IOException {
        Outcome o = compareWith("model.threshold.amber=amber\n");

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("model.threshold.amber = 'amber' (from file " + tmp.resolve("what-if.properties")
                + " (--compare-config)) is not a whole number; example: 35");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void valuesThatDoNotFitTogetherAreRefusedBeforeReplaying() throws IOException {
        Outcome o = compareWith("model.threshold.amber=70\n"); // the default red threshold is 60

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--compare-config " + tmp.resolve("what-if.properties"))
                .contains("amber=70 red=60");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aMissingFileIsNamed() {
        Outcome o = replay("--input", STORY, "--output", tmp.resolve("out").toString(),
                "--compare-config", tmp.resolve("absent.properties").toString());

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--compare-config: configuration file " + tmp.resolve("absent.properties")
                + " does not exist");
    }

    @Test
    void printsTheComparisonItWrites() throws IOException {
        Outcome o = compareWith("model.weight.harmfulAsk=0.30\nmodel.threshold.amber=45\n");

        assertThat(o.exitCode()).as(o.err()).isZero();
        Path out = tmp.resolve("out");
        List<String> partners = Files.readAllLines(out.resolve(ConfigComparison.PARTNERS_FILE));
        List<String> alerts = Files.readAllLines(out.resolve(ConfigComparison.ALERTS_FILE));
        assertThat(out.resolve("current").resolve("partner.risk.jsonl")).isRegularFile();
        assertThat(out.resolve("changed").resolve("partner.risk.jsonl")).isRegularFile();

        List<String> printed = o.out().lines().toList();
        assertThat(printed.get(0)).isEqualTo("comparing the configuration with " + tmp.resolve("what-if.properties")
                + ": model.threshold.amber 35 -> 45, model.version " + RiskModelConfig.BASE_VERSION + " -> "
                + JsonRecords.parse(partners.get(0)).get("changed").get("modelVersion").asText()
                + ", model.weight.harmfulAsk 0.1 -> 0.3");
        assertThat(printed.get(1)).startsWith("partner");
        // one row per line of the partner file, in its order, then one per line of the alert file
        for (int i = 0; i < partners.size(); i++) {
            var p = JsonRecords.parse(partners.get(i));
            assertThat(printed.get(2 + i)).startsWith(p.get("partnerId").asText() + " ")
                    .contains(p.get("current").get("score").asText() + " " + p.get("current").get("band").asText())
                    .contains(p.get("changed").get("score").asText() + " " + p.get("changed").get("band").asText());
        }
        int alertsAt = printed.indexOf("alerts that appear or disappear:");
        assertThat(alertsAt).isGreaterThan(1 + partners.size());
        for (int i = 0; i < alerts.size(); i++) {
            var a = JsonRecords.parse(alerts.get(i));
            assertThat(printed.get(alertsAt + 1 + i)).startsWith(a.get("change").asText() + " ")
                    .contains(" " + a.get("partnerId").asText() + " ").contains(a.get("at").asText());
        }
        assertThat(o.out()).contains("compared 3 partners: ").contains("wrote to " + out + ": "
                + ConfigComparison.PARTNERS_FILE + " 3, " + ConfigComparison.ALERTS_FILE + " " + alerts.size());
    }
}
