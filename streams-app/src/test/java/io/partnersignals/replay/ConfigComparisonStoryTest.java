package io.partnersignals.replay;

import io.partnersignals.model.RiskModelConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.runtime.AppConfig;
import io.partnersignals.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/story replayed with model v1 and with a changed weight and threshold: the comparison is
 * checked against what the two replays' own files say.
 */
class ConfigComparisonStoryTest {

    @TempDir
    static Path tmp;
    static Path out;
    static TopologySettings current;
    static TopologySettings changed;
    static ConfigComparison.Replays replays;

    @BeforeAll
    static void compare() throws IOException {
        // drifter has no harmful ask: more weight on it lowers drifter's score, and a higher amber threshold
        // takes drifter back to green
        Path file = tmp.resolve("what-if.properties");
        Files.writeString(file, "model.weight.harmfulAsk = 0.30\nmodel.threshold.amber = 45\n");
        AppConfig config = AppConfig.load(null, Map.of(), Map.of());
        current = config.topologySettings();
        changed = config.withModelSettings(file).topologySettings();
        out = tmp.resolve("out");
        replays = ConfigComparison.replay(Replay.Options.of(StoryReplayTest.STORY, StoryReplayTest.UNTIL, out, current),
                changed);
    }

    static List<JsonNode> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(JsonRecords::parse).toList();
    }

    static Map<String, JsonNode> latest(String run) throws IOException {
        Map<String, JsonNode> byPartner = new LinkedHashMap<>();
        for (JsonNode r : lines(out.resolve(run).resolve("partner.risk.jsonl"))) {
            byPartner.put(r.get("partnerId").asText(), r);
        }
        return byPartner;
    }

    static String alertKey(JsonNode a) {
        return String.join("|", a.get("partnerId").asText(), a.get("at").asText(), a.get("kind").asText(),
                a.get("fromBand").asText(), a.get("toBand").asText());
    }

    @Test
    void eachRunWritesItsOwnFilesAndTheCurrentOneIsAPlainReplay() throws IOException {
        for (String file : StoryReplayTest.OUTPUTS) {
            assertThat(out.resolve("current").resolve(file)).isRegularFile();
            assertThat(out.resolve("changed").resolve(file)).isRegularFile();
        }
        Path plain = tmp.resolve("plain");
        Replay.run(Replay.Options.of(StoryReplayTest.STORY, StoryReplayTest.UNTIL, plain, current));
        for (String file : StoryReplayTest.OUTPUTS) {
            assertThat(Files.readString(out.resolve("current").resolve(file))).as(file)
                    .isEqualTo(Files.readString(plain.resolve(file)));
        }
        assertThat(replays.current().finalRisks()).hasSize(3);
        assertThat(replays.changed().finalRisks()).hasSize(3);
    }

    @Test
    void drifterFallsBackToGreenUnderTheChangedModel() throws IOException {
        JsonNode before = latest("current").get("drifter");
        JsonNode after = latest("changed").get("drifter");
        assertThat(before.get("band").asText()).isEqualTo("AMBER");
        assertThat(after.get("band").asText()).isEqualTo("GREEN");
        assertThat(after.get("score").asInt()).isLessThan(before.get("score").asInt()).isLessThan(45);
        assertThat(before.get("modelVersion").asText()).isEqualTo(RiskModelConfig.BASE_VERSION);
        assertThat(after.get("modelVersion").asText()).startsWith(RiskModelConfig.BASE_VERSION + "+");

        ConfigComparison.PartnerChange drifter = replays.comparison().partners().stream()
                .filter(p -> p.partnerId().equals("drifter")).findFirst().orElseThrow();
        assertThat(drifter.bandChanged()).isTrue();
        assertThat(drifter.change()).isEqualTo(after.get("score").asInt() - before.get("score").asInt());
    }

    @Test
    void thePartnerFileIsTheTwoLatestFilesSideBySideLargestChangeFirst() throws IOException {
        Map<String, JsonNode> before = latest("current");
        Map<String, JsonNode> after = latest("changed");
        assertThat(after.keySet()).isEqualTo(before.keySet());
        List<String> expectedOrder = new ArrayList<>(before.keySet());
        expectedOrder.sort(Comparator.<String>comparingInt(id -> -Math.abs(
                after.get(id).get("score").asInt() - before.get(id).get("score").asInt())).thenComparing(id -> id));

        List<JsonNode> compared = lines(out.resolve(ConfigComparison.PARTNERS_FILE));
        assertThat(compared).extracting(n -> n.get("partnerId").asText()).containsExactlyElementsOf(expectedOrder);
        for (JsonNode line : compared) {
            String id = line.get("partnerId").asText();
            assertThat(line.get("partnerName").asText()).isEqualTo(before.get(id).get("partnerName").asText());
            for (String side : List.of("current", "changed")) {
                JsonNode risk = (side.equals("current") ? before : after).get(id);
                assertThat(line.get(side).get("score")).as(id + " " + side).isEqualTo(risk.get("score"));
                assertThat(line.get(side).get("band")).as(id + " " + side).isEqualTo(risk.get("band"));
                assertThat(line.get(side).get("modelVersion")).as(id + " " + side).isEqualTo(risk.get("modelVersion"));
            }
            assertThat(line.get("change").asInt()).isEqualTo(
                    after.get(id).get("score").asInt() - before.get(id).get("score").asInt());
        }
        assertThat(compared.get(0).get("partnerId").asText()).isEqualTo("drifter");
    }

    @Test
    void theAlertFileHoldsTheAlertsOfOneRunOnly() throws IOException {
        Set<String> before = new HashSet<>();
        lines(out.resolve("current").resolve("partner.risk.alerts.jsonl")).forEach(a -> before.add(alertKey(a)));
        Set<String> after = new HashSet<>();
        lines(out.resolve("changed").resolve("partner.risk.alerts.jsonl")).forEach(a -> after.add(alertKey(a)));
        Set<String> disappearing = new HashSet<>(before);
        disappearing.removeAll(after);
        Set<String> appearing = new HashSet<>(after);
        appearing.removeAll(before);

        List<JsonNode> compared = lines(out.resolve(ConfigComparison.ALERTS_FILE));
        Set<String> disappears = new HashSet<>();
        Set<String> appears = new HashSet<>();
        for (JsonNode a : compared) {
            (a.get("change").asText().equals("appears") ? appears : disappears).add(alertKey(a));
        }
        assertThat(disappears).isEqualTo(disappearing);
        assertThat(appears).isEqualTo(appearing);
        assertThat(compared).hasSize(disappearing.size() + appearing.size());
        // drifter no longer turns amber, so its band-change alert disappears
        assertThat(compared).anySatisfy(a -> {
            assertThat(a.get("partnerId").asText()).isEqualTo("drifter");
            assertThat(a.get("toBand").asText()).isEqualTo("AMBER");
            assertThat(a.get("change").asText()).isEqualTo("disappears");
        });
        assertThat(appears).isNotEmpty();

        // in the partners' order, then by time
        List<String> partnerOrder = lines(out.resolve(ConfigComparison.PARTNERS_FILE)).stream()
                .map(n -> n.get("partnerId").asText()).toList();
        assertThat(compared).isSortedAccordingTo(Comparator.<JsonNode>comparingInt(
                a -> partnerOrder.indexOf(a.get("partnerId").asText())).thenComparing(a -> a.get("at").asText()));
    }

    @Test
    void theSummaryLineCountsWhatTheFilesHold() throws IOException {
        Map<String, JsonNode> before = latest("current");
        Map<String, JsonNode> after = latest("changed");
        long scores = before.keySet().stream().filter(id -> !before.get(id).get("score").equals(after.get(id).get("score")))
                .count();
        long bands = before.keySet().stream().filter(id -> !before.get(id).get("band").equals(after.get(id).get("band")))
                .count();
        List<JsonNode> alerts = lines(out.resolve(ConfigComparison.ALERTS_FILE));
        long appear = alerts.stream().filter(a -> a.get("change").asText().equals("appears")).count();
        long disappear = alerts.size() - appear;
        assertThat(replays.comparison().summaryLine()).isEqualTo("compared 3 partners: " + scores + " changed score, "
                + bands + " changed band; " + appear + (appear == 1 ? " alert appears, " : " alerts appear, ")
                + disappear + (disappear == 1 ? " alert disappears" : " alerts disappear"));
        assertThat(ConfigComparison.settingChanges(current, changed))
                .containsExactly("model.threshold.amber 35 -> 45", "model.version " + RiskModelConfig.BASE_VERSION + " -> " + changed.model().modelVersion(),
                        "model.weight.harmfulAsk 0.1 -> 0.3");
    }
}
