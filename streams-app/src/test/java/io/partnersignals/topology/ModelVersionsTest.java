package io.partnersignals.topology;

import static io.partnersignals.topology.Events.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.Direction;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.contract.RiskSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The model as data: versions from the model topic, switched at their effectiveFrom by every scoring task. */
class ModelVersionsTest {

    private static final TopologySettings SETTINGS = TopologySettings.defaults();
    private static final String CONFIGURED = SETTINGS.model().modelVersion();
    private static final List<String> PARTNERS = List.of("p-a", "p-b", "p-c");

    /** Heavier responsiveness: a factor that does not count yet for anyone here dilutes every score from the switch on. */
    private static ModelSettings v2(double effectiveDay) {
        return new ModelSettings("v2-test", day(effectiveDay), Map.of("model.weight.responsiveness", "0.6"));
    }

    /** Each partner with an event at day 0: an unanswered request, a one-sided contribution, a crawl. */
    private static void startPartners(PipelineDriver d) {
        d.send(Events.request("r-a", "p-a", 0));
        d.send(Events.contribution("c-b", "p-b", 0, Direction.OUTBOUND, 5_000));
        d.send(Events.request("r-c", "p-c", 0.5));
        d.send(Events.response("s-c", "p-c", 1, "r-c"));
    }

    private static Map<String, List<RiskSnapshot>> historyByPartner(PipelineDriver d) {
        return d.history.readValuesToList().stream()
                .collect(Collectors.groupingBy(s -> s.getPartnerId().toString()));
    }

    @Test
    void everyPartnerIsReScoredOnceAtEffectiveFromWithTheNewVersion() {
        try (PipelineDriver d = new PipelineDriver(SETTINGS)) {
            d.model.pipeInput("v2-test", v2(5), Events.T0);
            startPartners(d);
            d.send(Events.request("r-a2", "p-a", 6));
            d.send(Events.request("r-b2", "p-b", 8));

            Map<String, List<RiskSnapshot>> history = historyByPartner(d);
            assertThat(history).containsOnlyKeys(PARTNERS);
            for (String partner : PARTNERS) {
                List<RiskSnapshot> scores = history.get(partner);
                assertThat(scores).filteredOn(s -> s.getComputedAt().isBefore(day(5)))
                        .isNotEmpty().allMatch(s -> s.getModelVersion().equals(CONFIGURED));
                assertThat(scores).filteredOn(s -> s.getComputedAt().equals(day(5)))
                        .as("%s is re-scored once at effectiveFrom", partner)
                        .singleElement().matches(s -> s.getModelVersion().equals("v2-test"));
                assertThat(scores).filteredOn(s -> !s.getComputedAt().isBefore(day(5)))
                        .allMatch(s -> s.getModelVersion().equals("v2-test"));
            }
            // the new weights count: the heavier responsiveness (0 for p-a until its request is 7 days old) dilutes its score
            RiskSnapshot before = last(history.get("p-a"), day(5));
            RiskSnapshot at = history.get("p-a").stream().filter(s -> s.getComputedAt().equals(day(5))).findFirst()
                    .orElseThrow();
            assertThat(at.getScore()).isLessThan(before.getScore());
            assertThat(d.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void aVersionThatArrivesAfterItsEffectiveFromSwitchesAtTheTasksClock() {
        try (PipelineDriver d = new PipelineDriver(SETTINGS)) {
            startPartners(d);
            d.send(Events.request("r-a2", "p-a", 6));
            d.model.pipeInput("v2-test", v2(5), Events.T0);
            d.send(Events.request("r-b2", "p-b", 7));

            Map<String, List<RiskSnapshot>> history = historyByPartner(d);
            for (String partner : PARTNERS) {
                List<RiskSnapshot> scores = history.get(partner);
                assertThat(scores).filteredOn(s -> s.getModelVersion().equals("v2-test"))
                        .as("%s is re-scored once, at the clock of the task when it learnt of the version", partner)
                        .first().matches(s -> s.getComputedAt().equals(day(6)));
                assertThat(scores).filteredOn(s -> s.getModelVersion().equals("v2-test")
                        && s.getComputedAt().equals(day(6))).hasSize(1);
                assertThat(scores).filteredOn(s -> s.getComputedAt().isBefore(day(6)))
                        .allMatch(s -> s.getModelVersion().equals(CONFIGURED));
            }
            assertThat(history.get("p-b")).last().matches(s -> s.getComputedAt().equals(day(7))
                    && s.getModelVersion().equals("v2-test"));
        }
    }

    @Test
    void aTombstoneWithdrawsAScheduledVersion() {
        try (PipelineDriver d = new PipelineDriver(SETTINGS)) {
            startPartners(d);
            d.model.pipeInput("v2-test", v2(5), Events.T0);
            d.model.pipeInput("v2-test", null, Events.T0);
            d.send(Events.request("r-a2", "p-a", 6));
            d.send(Events.request("r-b2", "p-b", 7));

            Map<String, List<RiskSnapshot>> history = historyByPartner(d);
            assertThat(history.values()).allSatisfy(scores -> {
                assertThat(scores).allMatch(s -> s.getModelVersion().equals(CONFIGURED));
                assertThat(scores).noneMatch(s -> s.getComputedAt().equals(day(5)));
            });
            assertThat(history.get("p-b")).last().matches(s -> s.getComputedAt().equals(day(7)));
        }
    }

    @Test
    void aVersionInUsePublishedAgainWithOtherSettingsIsSwitchedToAtTheClock() {
        try (PipelineDriver d = new PipelineDriver(SETTINGS)) {
            d.model.pipeInput("v2-test", v2(5), Events.T0);
            startPartners(d);
            d.send(Events.request("r-a2", "p-a", 6));
            d.model.pipeInput("v2-test", new ModelSettings("v2-test", day(5),
                    Map.of("model.weight.responsiveness", "0.9")), Events.T0);
            d.send(Events.request("r-b2", "p-b", 6.5));

            Map<String, List<RiskSnapshot>> history = historyByPartner(d);
            for (String partner : PARTNERS) {
                assertThat(history.get(partner)).filteredOn(s -> s.getComputedAt().equals(day(5))).hasSize(1);
                assertThat(history.get(partner)).filteredOn(s -> s.getComputedAt().equals(day(6)))
                        .as("%s is re-scored with the new settings at the clock", partner)
                        .last().matches(s -> s.getModelVersion().equals("v2-test"));
            }
        }
    }

    @Test
    void anInvalidVersionIsADeadLetterNamingWhatIsWrongAndTheModelStays() {
        try (PipelineDriver d = new PipelineDriver(SETTINGS)) {
            Instant from = day(2);
            d.model.pipeInput("unknown-key", new ModelSettings("unknown-key", from,
                    Map.of("model.weight.luck", "0.5")), Events.T0);
            d.model.pipeInput("bands", new ModelSettings("bands", from,
                    Map.of("model.threshold.amber", "70", "model.threshold.red", "60")), Events.T0);
            d.model.pipeInput("window", new ModelSettings("window", from,
                    Map.of("model.reciprocity.window", "ninety days")), Events.T0);
            d.model.pipeInput("no-version", new ModelSettings("", from, Map.of()), Events.T0);
            d.model.pipeInput("other-key", new ModelSettings("v9", from, Map.of()), Events.T0);
            d.rawModel.pipeInput("garbage", "not avro".getBytes(StandardCharsets.UTF_8), Events.T0);
            startPartners(d);
            d.send(Events.request("r-a2", "p-a", 6));

            List<TestRecord<byte[], byte[]>> letters = d.deadLetters.readRecordsToList();
            assertThat(letters).hasSize(6);
            assertThat(letters).allSatisfy(l -> {
                assertThat(header(l, DeadLetterRecords.TOPIC)).isEqualTo(d.topics.model.name());
                assertThat(header(l, DeadLetterRecords.PARTITION)).isEqualTo("0");
                assertThat(header(l, DeadLetterRecords.OFFSET)).isNotNull();
            });
            assertThat(letters).extracting(l -> header(l, DeadLetterRecords.MESSAGE)).satisfiesExactly(
                    m -> assertThat(m).contains("unknown model setting 'model.weight.luck'"),
                    m -> assertThat(m).contains("amber=70 red=60"),
                    m -> assertThat(m).contains("model.reciprocity.window = 'ninety days'"),
                    m -> assertThat(m).contains("version is empty"),
                    m -> assertThat(m).contains("key 'other-key' is not the record's version 'v9'"),
                    m -> assertThat(m).isNotBlank());
            assertThat(new String(letters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("unknown-key");
            assertThat(d.history.readValuesToList()).isNotEmpty()
                    .allMatch(s -> s.getModelVersion().equals(CONFIGURED))
                    .noneMatch(s -> s.getComputedAt().equals(from));
        }
    }

    private static RiskSnapshot last(List<RiskSnapshot> scores, Instant before) {
        return scores.stream().filter(s -> s.getComputedAt().isBefore(before)).reduce((a, b) -> b).orElseThrow();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
